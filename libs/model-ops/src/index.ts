// Shared model operations (server-only): what every vertical's data and model workflow reuses. Today: uploaded
// files (streamed, size-limited, hashed, recognised when uploaded again).
export { receiveUpload, loadUpload, findEarlierImports, markUploadImported, MB } from './upload-service';
export type { TUploadMeta, TUploadPurpose } from './upload-service';
