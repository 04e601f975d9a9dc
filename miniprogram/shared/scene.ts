/**
 * The 小程序码 scene codec, shared by the mini-program (decoding on entry) and the qrcode function
 * (encoding). A scene is at most 32 visible characters from a limited set, so it is compact:
 *   i<4 digits>  参保地 (the 6-digit code without its trailing "00")
 *   c<4 digits>  就医地
 *   h<id>        a hospital id, 1–16 of [0-9A-Za-z_-]
 * each optional, in this order: "i4403c6101" presets 深圳 → 西安, "c6101hXJ01" a 西安 hospital.
 * A checklist's own code (made by the checklist function, opening pages/checklist/index) has a
 * second form that the first can never match, as it starts with "L":
 *   L<id: 16><share token: 15>   exactly 32 characters of [0-9A-Za-z_-]
 * Pure TypeScript with no platform calls, so both sides can bundle it.
 */
export interface ScenePreset {
  insuredCity?: string;
  careCity?: string;
  hospital?: string;
}

export const SCENE_MAX_LENGTH = 32;
const PATTERN = /^(?:i(\d{4}))?(?:c(\d{4}))?(?:h([0-9A-Za-z_-]{1,16}))?$/;

const shortCode = (code: string): string => {
  if (!/^\d{4}00$/.test(code)) throw new RangeError(`not a prefecture-level code: ${code}`);
  return code.slice(0, 4);
};

export function encodeScene(preset: ScenePreset): string {
  const scene =
    (preset.insuredCity ? `i${shortCode(preset.insuredCity)}` : '') +
    (preset.careCity ? `c${shortCode(preset.careCity)}` : '') +
    (preset.hospital ? `h${preset.hospital}` : '');
  if (!scene) throw new RangeError('a scene presets at least one of the cities or a hospital');
  if (!PATTERN.test(scene) || scene.length > SCENE_MAX_LENGTH)
    throw new RangeError(`cannot encode scene: ${scene}`);
  return scene;
}

/** WeChat passes a scene URI-encoded (or not); null when it is missing or not decodable. */
function uriDecoded(raw: string | undefined | null): string | null {
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

/** Decodes a scene (URI-encoded or not, as WeChat passes it); null when it is not one of ours. */
export function decodeScene(raw: string | undefined | null): ScenePreset | null {
  const scene = uriDecoded(raw);
  if (scene === null) return null;
  const match = PATTERN.exec(scene);
  if (!match || !scene) return null;
  const [, insured, care, hospital] = match;
  return {
    ...(insured ? { insuredCity: `${insured}00` } : {}),
    ...(care ? { careCity: `${care}00` } : {}),
    ...(hospital ? { hospital } : {}),
  };
}

/** The raw scene of a plain QR link (普通链接二维码): `q` is the URL, URI-encoded, with ?scene=…. */
function sceneOfLink(q: string | undefined | null): string | null {
  return /[?&]scene=([^&#]*)/.exec(uriDecoded(q) ?? '')?.[1] ?? null;
}

/** A plain QR link (普通链接二维码) carries the scene as ?scene=…; `q` is that URL, URI-encoded. */
export function sceneFromLink(q: string | undefined | null): ScenePreset | null {
  return decodeScene(sceneOfLink(q));
}

/** A checklist's code: which checklist, and the share token that lets the scanner join it. */
export interface ChecklistScene {
  checklistId: string;
  shareToken: string;
}

/** A checklist id and share token, in base64url characters: together they fit a scene's 32. */
export const CHECKLIST_ID_LENGTH = 16;
export const SHARE_TOKEN_LENGTH = 15;
const CHECKLIST_PATTERN = new RegExp(
  `^L([0-9A-Za-z_-]{${CHECKLIST_ID_LENGTH}})([0-9A-Za-z_-]{${SHARE_TOKEN_LENGTH}})$`,
);

export function encodeChecklistScene(scene: ChecklistScene): string {
  const encoded = `L${scene.checklistId}${scene.shareToken}`;
  if (!CHECKLIST_PATTERN.test(encoded)) throw new RangeError('cannot encode this checklist in a scene');
  return encoded;
}

/** Decodes a checklist's scene (URI-encoded or not); null when it is not one. */
export function decodeChecklistScene(raw: string | undefined | null): ChecklistScene | null {
  const match = CHECKLIST_PATTERN.exec(uriDecoded(raw) ?? '');
  return match ? { checklistId: match[1], shareToken: match[2] } : null;
}

export function checklistSceneFromLink(q: string | undefined | null): ChecklistScene | null {
  return decodeChecklistScene(sceneOfLink(q));
}
