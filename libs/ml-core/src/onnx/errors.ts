/** A tfjs layer (or a configuration of it) the ONNX exporter cannot express; names the class and the layer. */
export class UnsupportedLayerError extends Error {
  constructor(
    readonly layerClass: string,
    readonly layerName: string,
    reason: string,
  ) {
    super(`Cannot export layer '${layerName}' (class ${layerClass}) to ONNX: ${reason}`);
    this.name = 'UnsupportedLayerError';
  }
}

/** Bytes that are not a usable ONNX model (corrupt, truncated, not protobuf, or rejected by onnxruntime). */
export class InvalidOnnxModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidOnnxModelError';
  }
}
