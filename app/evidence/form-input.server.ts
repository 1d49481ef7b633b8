// How the evidence pages' multipart forms become an operation's input (page and offline queue alike).

/** The form's fields with the project from the URL and its "photos" files. */
export const evidenceFormInput = (fields: Record<string, string>, params: Record<string, string | undefined>, _: Request, form: FormData) => ({
  ...fields,
  projectId: params.id,
  files: form.getAll("photos").filter((value) => value instanceof File),
});
