/**
 * The structured codes of distinguishing marks and of belongings: a closed list, so that what is
 * compared (and shown to a receiving country) is never free text. Labels in es/en for the forms.
 */
type Label = { es: string; en: string };

const PLACES: Record<string, Label> = {
  head: { es: 'cabeza', en: 'head' },
  face: { es: 'cara', en: 'face' },
  neck: { es: 'cuello', en: 'neck' },
  chest: { es: 'pecho', en: 'chest' },
  back: { es: 'espalda', en: 'back' },
  abdomen: { es: 'abdomen', en: 'abdomen' },
  arm_left: { es: 'brazo izquierdo', en: 'left arm' },
  arm_right: { es: 'brazo derecho', en: 'right arm' },
  forearm_left: { es: 'antebrazo izquierdo', en: 'left forearm' },
  forearm_right: { es: 'antebrazo derecho', en: 'right forearm' },
  hand_left: { es: 'mano izquierda', en: 'left hand' },
  hand_right: { es: 'mano derecha', en: 'right hand' },
  leg_left: { es: 'pierna izquierda', en: 'left leg' },
  leg_right: { es: 'pierna derecha', en: 'right leg' },
};
const MARK_KINDS: Record<string, Label> = {
  tattoo: { es: 'Tatuaje', en: 'Tattoo' },
  scar: { es: 'Cicatriz', en: 'Scar' },
  birthmark: { es: 'Lunar o mancha de nacimiento', en: 'Birthmark' },
};
const MARKS_OTHER: Record<string, Label> = {
  amputation: { es: 'Amputación', en: 'Amputation' },
  piercing: { es: 'Perforación (piercing)', en: 'Piercing' },
  fracture_healed: { es: 'Fractura consolidada', en: 'Healed fracture' },
  surgical_implant: { es: 'Implante quirúrgico (placa, prótesis)', en: 'Surgical implant (plate, prosthesis)' },
  dental_gold: { es: 'Pieza dental de oro o metal', en: 'Gold or metal tooth' },
  dental_missing: { es: 'Pieza dental ausente (anterior)', en: 'Missing front tooth' },
  dental_prosthesis: { es: 'Prótesis dental', en: 'Dental prosthesis' },
};

export const MARK_CODES: Record<string, Label> = {
  ...Object.fromEntries(
    Object.entries(MARK_KINDS).flatMap(([k, kl]) => Object.entries(PLACES).map(([p, pl]) => [`${k}_${p}`, { es: `${kl.es}: ${pl.es}`, en: `${kl.en}: ${pl.en}` }])),
  ),
  ...MARKS_OTHER,
};

export const BELONGING_CODES: Record<string, Label> = {
  rosary: { es: 'Rosario', en: 'Rosary' },
  religious_medal: { es: 'Medalla o imagen religiosa', en: 'Religious medal or image' },
  mobile_phone: { es: 'Teléfono móvil', en: 'Mobile phone' },
  wallet: { es: 'Cartera o billetera', en: 'Wallet' },
  backpack: { es: 'Mochila', en: 'Backpack' },
  watch: { es: 'Reloj', en: 'Watch' },
  ring: { es: 'Anillo', en: 'Ring' },
  necklace: { es: 'Collar o cadena', en: 'Necklace or chain' },
  bracelet: { es: 'Pulsera', en: 'Bracelet' },
  photograph: { es: 'Fotografía', en: 'Photograph' },
  identity_document: { es: 'Documento de identidad', en: 'Identity document' },
  money: { es: 'Dinero', en: 'Money' },
  belt: { es: 'Cinturón', en: 'Belt' },
  cap: { es: 'Gorra', en: 'Cap' },
  water_bottle: { es: 'Botella o galón de agua', en: 'Water bottle or jug' },
  glasses: { es: 'Anteojos', en: 'Glasses' },
};

export const isMarkCode = (c: string) => c in MARK_CODES;
export const isBelongingCode = (c: string) => c in BELONGING_CODES;
