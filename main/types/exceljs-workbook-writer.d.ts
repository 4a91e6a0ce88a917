// exceljs's streaming writer on its own (its module path, without the rest of exceljs: no reader,
// no unzipper, no bluebird), typed as exceljs declares it.
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type { stream } from 'exceljs';
  const WorkbookWriter: typeof stream.xlsx.WorkbookWriter;
  export = WorkbookWriter;
}
