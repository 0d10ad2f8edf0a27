// Bundles the script islands and styles into the web project's wwwroot/assets.
// Usage: node build.mjs OUTDIR   (./gridops run and ./gridops test call it)
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';

const out = process.argv[2] ?? '../src/GridOps.Web/wwwroot/assets';
// A clean directory each time: hashed chunk names would otherwise pile up build after build.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: { app: 'src/app.js', screens: 'src/screens.js', 'alert-console': 'src/alert-console.js', islands: 'src/islands.js',
    // The modules behind <GridMap> and <Chart>, imported by the components over JS interop.
    'grid-map': 'src/components/grid-map.js', chart: 'src/components/chart.js' },
  bundle: true,
  // Code splitting keeps MapLibre out of pages that have no map.
  splitting: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  outdir: out,
  logLevel: 'warning',
});

await esbuild.build({
  entryPoints: { app: 'src/app.css', screens: 'src/screens.css' },
  bundle: true,
  minify: true,
  outdir: out,
  logLevel: 'warning',
});

// MapLibre's CSP build loads its worker from a URL instead of a blob, so a strict CSP can allow it.
cpSync('node_modules/maplibre-gl/dist/maplibre-gl-csp-worker.js', `${out}/maplibre-gl-csp-worker.js`);
console.log(`assets built into ${out}`);
