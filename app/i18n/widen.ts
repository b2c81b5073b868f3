/** The English catalogue's shape with every text widened to `string`: the type the other languages fill in. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
