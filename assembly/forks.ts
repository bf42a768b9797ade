// Fork ids, identical to src/forks.ts (tests/src/forks.spec.js checks both agree).
export const FRONTIER: i32 = 0;
export const HOMESTEAD: i32 = 1; // block 1,150,000: EIP-2, EIP-7 (DELEGATECALL)
export const TANGERINE_WHISTLE: i32 = 2; // block 2,463,000: EIP-150
export const SPURIOUS_DRAGON: i32 = 3; // block 2,675,000: EIP-155, 160, 161, 170
export const BYZANTIUM: i32 = 4; // block 4,370,000: EIP-140, 196, 197, 198, 211, 214, 658
export const CONSTANTINOPLE: i32 = 5; // block 7,280,000: EIP-145, 1014, 1052, 1283
export const PETERSBURG: i32 = 6; // block 7,280,000: Constantinople without EIP-1283
export const ISTANBUL: i32 = 7; // block 9,069,000: EIP-152, 1108, 1344, 1884, 2028, 2200
export const BERLIN: i32 = 8; // block 12,244,000: EIP-2565, 2929, 2930
export const LONDON: i32 = 9; // block 12,965,000: EIP-1559, 3198, 3529, 3541
export const PARIS: i32 = 10; // block 15,537,394: EIP-3675, 4399
export const SHANGHAI: i32 = 11; // timestamp 1,681,338,455: EIP-3651, 3855, 3860
export const CANCUN: i32 = 12; // timestamp 1,710,338,135: EIP-1153, 4788, 4844, 5656, 6780, 7516
export const PRAGUE: i32 = 13; // timestamp 1,746,612,311: EIP-2537, 7623, 7702
export const OSAKA: i32 = 14; // timestamp 1,764,798,551: EIP-7823, 7825, 7883, 7939, 7951
export const FORK_COUNT: i32 = 15;
