/** Another language's catalogue has exactly the keys of the Spanish one, each a string. */
export type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> }
