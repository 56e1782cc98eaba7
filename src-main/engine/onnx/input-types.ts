import type { InputKind } from '../pipeline/types';

/** ONNX element type of a raw input column: strings for categorical and text, double for the rest. */
export function onnxInputType(kind: InputKind): 'double' | 'string' {
  return kind === 'categorical' || kind === 'text' ? 'string' : 'double';
}
