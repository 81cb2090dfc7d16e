import * as tf from '@tensorflow/tfjs';
import { createKernelHelpers, hasDisposeData } from './wasm-kernel-helpers';
import type { Conv2DBackpropFilterAttrs, KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

// Why this file exists: @tensorflow/tfjs-backend-wasm@4.22 registers no `Conv2DBackpropFilter`, so the
// gradient of any conv layer (and thus CNN training) throws on wasm. The filter gradient of a convolution is
// itself a convolution, which the wasm backend runs through XNNPACK:
//
//   dW[kh, kw, ci, co] = sum_{n, oh, ow} x[n, oh*sh + kh - padTop, ow*sw + kw - padLeft, ci] * dy[n, oh, ow, co]
//
// Read x as a batch of `Cin` images with `N` channels (x^T: [Cin, H, W, N]) and dy as a filter of size
// OH x OW mapping N -> Cout (dy^T: [OH, OW, N, Cout]). Then dW^T = conv2d(x^T, dy^T) with stride 1,
// dilation = the forward stride, and the forward padding on top/left; bottom/right padding is whatever makes
// the output exactly KH x KW (negative means trailing input rows the forward conv never read: crop them).
// Forward dilation > 1 is not handled: tfjs's conv2d gradient itself refuses dilation > 1.

const helpers = createKernelHelpers({ kernel: 'Conv2DBackpropFilter' });
const { single, wasmKernel } = helpers;

function conv2DBackpropFilterWasm({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, TensorInfo | undefined>;
  backend: unknown;
  attrs?: NamedAttrMap;
}): TensorInfo {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter(wasm): needs inputs x and dy');
  if (!hasDisposeData(backend)) throw new Error('Conv2DBackpropFilter(wasm): unexpected backend object');
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;

  const transpose = wasmKernel('Transpose');
  const slice = wasmKernel('Slice');
  const conv2d = wasmKernel('Conv2D');
  const { run, temporaries } = helpers.createRunner(backend);

  try {
    // NCHW is rare in tfjs (layers default to channelsLast); bring it to NHWC rather than keep a second path.
    const xNhwc = dataFormat === 'NCHW' ? run(transpose, { x }, { perm: [0, 2, 3, 1] }) : x;
    const dyNhwc = dataFormat === 'NCHW' ? run(transpose, { x: dy }, { perm: [0, 2, 3, 1] }) : dy;
    const xShape = xNhwc.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, strideHeight, strideWidth } = info;
    const { filterHeight, filterWidth } = info;
    const padTop = info.padInfo.top;
    const padLeft = info.padInfo.left;
    let padBottom = filterHeight + (outHeight - 1) * strideHeight - inHeight - padTop;
    let padRight = filterWidth + (outWidth - 1) * strideWidth - inWidth - padLeft;

    let xUsed = xNhwc;
    if (padBottom < 0 || padRight < 0) {
      const rows = inHeight + Math.min(0, padBottom);
      const cols = inWidth + Math.min(0, padRight);
      xUsed = run(slice, { x: xNhwc }, { begin: [0, 0, 0, 0], size: [batchSize, rows, cols, inChannels] });
      padBottom = Math.max(0, padBottom);
      padRight = Math.max(0, padRight);
    }
    const xT = run(transpose, { x: xUsed }, { perm: [3, 1, 2, 0] }); // [Cin, H, W, N]
    const dyT = run(transpose, { x: dyNhwc }, { perm: [1, 2, 0, 3] }); // [OH, OW, N, Cout]
    const dwT = run(conv2d, { x: xT, filter: dyT }, {
      strides: [1, 1],
      dilations: [strideHeight, strideWidth],
      pad: [[0, 0], [padTop, padBottom], [padLeft, padRight], [0, 0]],
      dataFormat: 'NHWC',
      dimRoundingMode: 'floor',
    }); // [Cin, KH, KW, Cout]
    if (dwT.shape[1] !== filterHeight || dwT.shape[2] !== filterWidth || dwT.shape[3] !== outChannels) {
      throw new Error(`Conv2DBackpropFilter(wasm): internal shape mismatch ${JSON.stringify(dwT.shape)}`);
    }
    const dw = single(transpose({ inputs: { x: dwT }, backend, attrs: { perm: [1, 2, 0, 3] } }));
    return dw;
  } finally {
    for (const t of temporaries) {
      // Inputs are owned by the engine; only the intermediates created here are ours to free.
      if (t !== x && t !== dy) backend.disposeData(t.dataId);
    }
  }
}

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
};

/**
 * Registers the missing wasm `Conv2DBackpropFilter` kernel (idempotent; keeps an upstream one if a later
 * tfjs release ships it).
 *
 * @example
 * registerWasmConv2DBackpropFilter(); // then CNNs train on tf.setBackend('wasm')
 */
export function registerWasmConv2DBackpropFilter(): boolean {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined) return false;
  tf.registerKernel(wasmConv2DBackpropFilterConfig);
  return true;
}
