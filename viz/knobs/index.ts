export { findKnobs, dotted, type Knob, type KnobPath, type NumberKnob, type BooleanKnob, type ChoiceKnob } from './find.ts';
export { setKnob, scalarText } from './edit.ts';
export { setKind } from './kind.ts';
export { KnobPanel, type KnobValue } from './panel.ts';
