// 고객정보 in the 2022-08..2023-01 usage sheets: `35세,010-1234-5678`, sometimes with a gender
// (`35세,여,010-1234-5678`) or only an age. The phone confirms which customer a name means.

import { foldText } from './fold-cell.ts';
import { normalizePhone, type PhoneResult } from './normalize-phone.ts';

export interface CustomerInfo {
  age: number | null;
  gender: '여' | '남' | null;
  phone: PhoneResult;
}

const AGE = /(\d{1,3})\s*세/;
const GENDER = /(?:^|[,/\s])(여|남)(?:성|자)?(?=$|[,/\s])/;
// A run of digits with phone punctuation, 9+ digits long (the lost leading 0 included: `1012345678`).
const PHONE = /\+?[\d][\d\s.\-]{7,}\d/;

export function parseCustomerInfo(raw: string | undefined): CustomerInfo {
  const text = foldText(raw) ?? ''; // `３５세,０１０－…`
  const age = AGE.exec(text);
  const gender = GENDER.exec(text);
  const phone = PHONE.exec(text.replace(AGE, ' '));
  return {
    age: age ? Number(age[1]) : null,
    gender: gender ? (gender[1] as '여' | '남') : null,
    phone: normalizePhone(phone?.[0]),
  };
}
