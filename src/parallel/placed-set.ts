/**
 * A set of accounts: by place for the block's pre-state (MemoryState.indexPlaces), by address for the rest.
 * The planner's commit loop asks about every account a commit writes, with the place it has at hand (a Set of
 * address strings cost ~0.1 µs an account on W3's swaps).
 */
export class PlacedSet {
  /** Every member, by address (a small Set: quicker than finding an address's place in the whole state). */
  private readonly byAddress = new Set<string>();
  private readonly byPlace: Uint8Array;
  /** `places`: how many the pre-state has; `placeOf`: an address's place, or -1 outside the pre-state. */
  constructor(places: number, private readonly placeOf: (address: string) => number) { this.byPlace = new Uint8Array(places); }
  add(address: string, place = this.placeOf(address)): void {
    const placed = place >= 0 && place < this.byPlace.length;
    if (placed && this.byPlace[place] === 1) return; // (held already: no string hashed, the common case)
    this.byAddress.add(address);
    if (placed) this.byPlace[place] = 1;
  }
  has(address: string): boolean { return this.byAddress.has(address); }
  /** Whether it holds `address`, whose place is `place` (-1: none). */
  hasAt(address: string, place: number): boolean {
    return place >= 0 && place < this.byPlace.length ? this.byPlace[place] === 1 : this.byAddress.has(address);
  }
}
