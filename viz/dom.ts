/** The page's element with this id (the ids are fixed in index.html). */
export const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
