// The chart's x axis: one slot per bucket, placed exactly as Chart.js's category axis places a bar
// chart's labels (offset: a bucket's centre at index + 0.5 of the bucket count), without labels.
// A category axis built a tick object per bucket on every layout pass, and needed a label per
// bucket (8,760 for a year of hours) that was never shown: the chart hands this axis the few ticks
// it labels (afterBuildTicks), and Chart.js measures, thins (autoSkip) and draws only those.
// Set `max` to the last bucket's index; `min` is 0.
import { Scale, type CartesianScaleOptions } from 'chart.js';

declare module 'chart.js' {
  interface CartesianScaleTypeRegistry {
    buckets: { options: CartesianScaleOptions };
  }
}

export class BucketScale extends Scale<CartesianScaleOptions> {
  static id = 'buckets';
  static defaults = {};
  /** Where index 0's slot starts (-0.5: half a bucket before its centre) and how many slots there are. */
  private startValue = -0.5;
  private valueRange = 1;

  override determineDataLimits(): void {
    const { max, maxDefined } = this.getUserBounds();
    this.min = 0;
    this.max = maxDefined ? Math.max(max, -1) : -1;
  }

  /** Only the span: the ticks come from the chart's afterBuildTicks. */
  override buildTicks(): [] {
    this.valueRange = Math.max(this.max - this.min + 1, 1);
    this.startValue = this.min - 0.5;
    return [];
  }

  override getPixelForValue(value: number): number {
    return this.getPixelForDecimal((value - this.startValue) / this.valueRange);
  }

  /** The bucket under the pixel (its index, rounded as the category axis rounds). */
  override getValueForPixel(pixel: number): number {
    return Math.round(this.startValue + this.getDecimalForPixel(pixel) * this.valueRange);
  }

  override getBasePixel(): number {
    return this.bottom;
  }
}
