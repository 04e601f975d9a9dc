/** The checklist's own 小程序码 scene: compact, round-trips, never mistaken for a city/hospital preset. */
import fc from 'fast-check';
import {
  checklistSceneFromLink,
  decodeChecklistScene,
  decodeScene,
  encodeChecklistScene,
  encodeScene,
  SCENE_MAX_LENGTH,
} from '../../miniprogram/shared/scene';
import { checklistIdFor, newShareToken } from '../../cloudfunctions/common/checklist/doc';

const base64url = fc.string({ unit: fc.constantFrom(...'ABCxyz0189_-'.split('')), minLength: 1 });

describe('checklist scene', () => {
  it('round-trips a checklist id and share token within 32 characters', () => {
    const scene = {
      checklistId: checklistIdFor('parent', {
        insuredCity: '210300',
        careCity: '110000',
        scheme: 'employee',
        retired: true,
        reason: 'retiree_relocation',
        careType: 'inpatient',
        stage: 'planning',
      }),
      shareToken: newShareToken(),
    };
    const encoded = encodeChecklistScene(scene);
    expect(encoded.length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
    expect(encoded).toMatch(/^[0-9A-Za-z_-]+$/); // within WeChat's scene characters
    expect(decodeChecklistScene(encoded)).toEqual(scene);
    expect(decodeChecklistScene(encodeURIComponent(encoded))).toEqual(scene);
    expect(
      checklistSceneFromLink(encodeURIComponent(`https://yidi.example.com/mp?scene=${encoded}`)),
    ).toEqual(scene);
  });

  it('is never read as a city/hospital preset, nor a preset as a checklist', () => {
    fc.assert(
      fc.property(base64url, base64url, (a, b) => {
        const checklistId = a.padEnd(16, 'x').slice(0, 16);
        const shareToken = b.padEnd(15, 'y').slice(0, 15);
        expect(decodeScene(encodeChecklistScene({ checklistId, shareToken }))).toBeNull();
      }),
    );
    for (const preset of [{ insuredCity: '440300', careCity: '610100' }, { hospital: 'L'.repeat(16) }])
      expect(decodeChecklistScene(encodeScene(preset))).toBeNull();
  });

  it('refuses what does not fit', () => {
    expect(() => encodeChecklistScene({ checklistId: 'short', shareToken: newShareToken() })).toThrow(
      RangeError,
    );
    expect(() => encodeChecklistScene({ checklistId: 'A'.repeat(16), shareToken: 'x'.repeat(22) })).toThrow(
      RangeError,
    );
    expect(decodeChecklistScene('L' + 'a'.repeat(30))).toBeNull();
    expect(decodeChecklistScene('%E0%A4%A')).toBeNull();
    expect(decodeChecklistScene(undefined)).toBeNull();
  });
});
