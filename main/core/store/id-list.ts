// A list of values (ids, badge numbers) as ONE SQL parameter: `column IN (SELECT value FROM
// json_each(?))`, the list given as JSON. A statement with a placeholder per value stops at
// SQLite's 32,766 parameters (a page of 50,000 punches went past it); this one takes any number,
// and its text does not change with the list's length (one prepared statement).

/** `IN (…)` over the values of one JSON array parameter: write `${column} ${IN_LIST}`, pass inList(values). */
export const IN_LIST = 'IN (SELECT value FROM json_each(?))';

/** The parameter IN_LIST reads: the values as a JSON array. */
export const inList = (values: readonly (string | number)[]): string => JSON.stringify(values);
