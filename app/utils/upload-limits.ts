// How large an uploaded file may be, shared by the pages that take one (the browser reads these
// too, so this module imports nothing).

/** The largest CSV file an operator may upload (a county's registry, a disbursement confirmation). */
export const MAX_CSV_BYTES = 5_000_000;
