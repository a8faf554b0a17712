/** A value made on first use and kept for the life of the container (SDK clients, adapters, config). */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | null = null;
  return () => (made ??= { value: make() }).value;
}
