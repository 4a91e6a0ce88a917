// `npm run bench`: every benchmark, each printing its figure next to a baseline from the same run.
import { main as punchParser } from './punch-parser';
import { main as sync } from './sync';
import { main as timesheet } from './timesheet';

await punchParser();
await sync();
await timesheet();
