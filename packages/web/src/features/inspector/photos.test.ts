import { describe, expect, it } from 'vitest';
import { fitWithin, groupByStage, needsShrinking, photosOfAction, type WorkOrderPhoto } from './photos';

const photo = (
  id: string,
  stage: WorkOrderPhoto['stage'],
  actionSeq: number | null = null,
): WorkOrderPhoto => ({
  id,
  stage,
  actionSeq,
  uploadedByName: null,
  mediaType: 'image/jpeg',
  size: 1,
  createdAt: '2026-11-27T00:00:00Z',
  url: `/api/work-order-photos/${id}`,
});

describe('photo helpers', () => {
  it('group photos by stage in the loop’s order, leaving out empty stages', () => {
    const groups = groupByStage([
      photo('v', 'verification', 5),
      photo('r', 'report'),
      photo('f', 'feedback', 4),
      photo('x', null),
    ]);
    expect(groups.map((g) => [g.stage, g.photos.map((p) => p.id)])).toEqual([
      ['report', ['r']],
      ['feedback', ['f']],
      ['verification', ['v']],
      ['other', ['x']],
    ]);
  });

  it('find the photos of one action', () => {
    expect(
      photosOfAction([photo('a', 'feedback', 4), photo('b', 'feedback', 7)], 7).map((p) => p.id),
    ).toEqual(['b']);
  });

  it('fit a photo within a long side without enlarging it', () => {
    expect(fitWithin(4032, 3024, 2048)).toEqual({ width: 2048, height: 1536 });
    expect(fitWithin(3024, 4032, 2048)).toEqual({ width: 1536, height: 2048 });
    expect(fitWithin(800, 600, 2048)).toEqual({ width: 800, height: 600 });
  });

  it('shrink only large images', () => {
    expect(needsShrinking({ size: 4_000_000, type: 'image/jpeg' })).toBe(true);
    expect(needsShrinking({ size: 400_000, type: 'image/jpeg' })).toBe(false);
    expect(needsShrinking({ size: 4_000_000, type: 'text/plain' })).toBe(false);
  });
});
