import {
  attribute,
  floatTensor,
  int64Tensor,
  type AttributeValue,
  type OnnxNodeProto,
  type OnnxTensorProto,
  type OnnxValueInfoProto,
} from './onnx-proto';

/** A float initializer kept mutable until the graph is finished, so BatchNorm folding can rescale it. */
export interface FloatInitializer {
  dims: number[];
  data: Float32Array;
}

/**
 * Collects nodes and initializers with unique names. Float initializers stay as typed arrays until
 * `toGraph()` so later layers (BatchNormalization) can fold into weights already emitted.
 */
export class GraphBuilder {
  readonly nodes: OnnxNodeProto[] = [];
  readonly floats = new Map<string, FloatInitializer>();
  private readonly otherInitializers: OnnxTensorProto[] = [];
  private readonly used = new Set<string>();

  /** Reserves `base` (sanitised) or `base_2`, `base_3`, ...; ONNX names must be unique across the graph. */
  uniqueName(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_.:/-]/g, '_') || 'v';
    let name = clean;
    for (let i = 2; this.used.has(name); i += 1) name = `${clean}_${i}`;
    this.used.add(name);
    return name;
  }

  reserve(name: string): void {
    if (this.used.has(name)) throw new Error(`ONNX name '${name}' is already used in the graph`);
    this.used.add(name);
  }

  addFloat(options: { name: string; dims: readonly number[]; data: Float32Array }): string {
    const name = this.uniqueName(options.name);
    this.floats.set(name, { dims: [...options.dims], data: options.data });
    return name;
  }

  addInt64(options: { name: string; dims: readonly number[]; data: readonly number[] }): string {
    const name = this.uniqueName(options.name);
    this.otherInitializers.push(int64Tensor({ name, dims: options.dims, data: options.data }));
    return name;
  }

  /** Adds one node and returns the name of its (single) output. `domain` names an operator set such as 'ai.onnx.ml'. */
  addNode(options: {
    opType: string;
    inputs: readonly string[];
    name: string;
    output?: string;
    domain?: string;
    attributes?: Readonly<Record<string, AttributeValue>>;
  }): string {
    const output = options.output ?? this.uniqueName(`${options.name}_out`);
    this.addMultiOutputNode({ ...options, outputs: [output] });
    return output;
  }

  /**
   * Adds a node with several outputs (ONNX-ML's TreeEnsembleClassifier returns label and scores); `outputs`
   * are used as given (reserve or uniqueName them first). Outputs nobody reads are allowed by ONNX.
   */
  addMultiOutputNode(options: {
    opType: string;
    inputs: readonly string[];
    name: string;
    outputs: readonly string[];
    domain?: string;
    attributes?: Readonly<Record<string, AttributeValue>>;
  }): readonly string[] {
    this.nodes.push({
      opType: options.opType,
      name: this.uniqueName(options.name),
      input: [...options.inputs],
      output: [...options.outputs],
      ...(options.domain ? { domain: options.domain } : {}),
      attribute: Object.entries(options.attributes ?? {}).map(([k, v]) => attribute(k, v)),
    });
    return options.outputs;
  }

  toGraph(options: { name: string; inputs: OnnxValueInfoProto[]; outputs: OnnxValueInfoProto[] }) {
    const initializer: OnnxTensorProto[] = [
      ...[...this.floats].map(([name, t]) => floatTensor({ name, dims: t.dims, data: t.data })),
      ...this.otherInitializers,
    ];
    return { name: options.name, node: this.nodes, initializer, input: options.inputs, output: options.outputs };
  }
}
