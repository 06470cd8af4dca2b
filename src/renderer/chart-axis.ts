// The chart's value axis. Pure: what Chart.js is told, decided here so it can be checked.
import { axisScale, unitBytes, type Units } from '../shared/bytes.js';

export interface ValueAxis {
  /** Bytes per axis unit, and its name: the unit of the largest bar, so ticks are round numbers of it. */
  divisor: number;
  unit: string;
  /** Fixed top and tick step (an empty range: 0 and 1 GB, not 0.2 B steps). */
  max?: number;
  stepSize?: number;
  /** Decimal places ticks may have: none when counting bytes (no "0.5 B"). */
  precision?: number;
}

export function valueAxis(maxBytes: number, units: Units): ValueAxis {
  if (!(maxBytes > 0)) return { divisor: unitBytes(units), unit: units, max: 1, stepSize: 1 };
  const scale = axisScale(maxBytes, units);
  return scale.divisor === 1 ? { ...scale, precision: 0 } : scale;
}
