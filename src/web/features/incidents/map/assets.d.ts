/** Vite's `?url` imports: the address of a file the build copies into dist/web/assets (vite/client's type, kept to this one use). */
declare module '*.json?url' {
  const url: string;
  export default url;
}
