/** One file an emitter produces: a path relative to the output folder and its full text (LF line endings). */
export interface GeneratedFile {
  path: string;
  text: string;
}
