/** The dashboard's static files, wherever they are kept (a folder beside the bundle, the source tree). */
export interface AssetSource {
  get(path: string): Promise<{ readonly body: Uint8Array | string; readonly contentType: string } | null>;
}
