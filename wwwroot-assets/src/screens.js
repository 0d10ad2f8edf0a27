// The interactive screens' own script: only what Blazor leaves to the page — bringing a lost circuit
// back without anyone touching the screen.
import { keepCircuit } from './reconnect.js';

keepCircuit(document.getElementById('components-reconnect-modal'));
