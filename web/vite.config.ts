import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Built with `vite build web` (root = web/, output web/dist, served by `cafe-sms serve`). In development
 * (`npx vite web`) API calls are proxied to a `cafe-sms serve` on port 3000 so the session cookie stays
 * same-origin.
 */
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing inlined as data: URLs, so the server's strict CSP (self only) holds.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
