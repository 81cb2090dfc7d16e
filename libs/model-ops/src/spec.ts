// Client-safe entry of model-ops: the feature spec and what derives from it (forms and pages import this).
export {
  decodeCell,
  describeColumns,
  describeFeatureValue,
  driftFeatures,
  fairnessAttributes,
  featureSchema,
  inputFeatures,
  messageLabel,
  monotoneConstraints,
  proposeColumnMapping,
  specSchema,
  specShape,
  templateCsv,
} from './feature-spec';
export type { TColumnGuideRow, TBooleanFeature, TCategoricalFeature, TDateFeature, TDecodedCell, TFeature, TFeatureSpec, TFeatureValue, TNumericFeature } from './feature-spec';
