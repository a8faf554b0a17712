export * from './types.ts';
export * from './canonical-json.ts';
export * from './hash.ts';
export * from './clip.ts';
export * from './jws.ts';
export * from './payloads.ts';
export * from './public-text.ts';
export * from './schema.ts';
