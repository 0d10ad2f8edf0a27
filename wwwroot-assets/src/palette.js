// Street colours: the ten Tableau 10 hues, chosen to stay apart from one another,
// always paired with labelled boundaries so colour is never the only cue.
export const streetPalette = [
  '#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#edc948',
  '#76b7b2', '#e15759', '#9c755f', '#ff9da7', '#bab0ac',
];

export function paletteExpression() {
  const match = ['match', ['get', 'palette']];
  streetPalette.forEach((colour, index) => match.push(index, colour));
  match.push('#888888');
  return match;
}
