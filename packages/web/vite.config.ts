import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const backend = process.env.LIEBIAN_API ?? 'http://localhost:3000'
const root = import.meta.dirname

export default defineConfig({
  root,
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(
      ['/api', '/uploads', '/sandbox', '/docs'].map((p) => [p, { target: backend, changeOrigin: true }]),
    ),
  },
  build: {
    outDir: resolve(root, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      input: {
        store: resolve(root, 'index.html'),
        console: resolve(root, 'console/index.html'),
      },
    },
  },
})
