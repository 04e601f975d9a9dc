/** opencc-js ships its types under a path the project's module resolution does not read. */
declare module 'opencc-js/t2cn' {
  /** A converter between OpenCC locales, e.g. { from: 't', to: 'cn' }: traditional to simplified. */
  export function Converter(options: { from: string; to: string }): (text: string) => string;
}
