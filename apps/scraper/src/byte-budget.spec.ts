import { BudgetLease, ByteBudget } from './byte-budget';

/** Acquires in the given order and records, in order, which acquires have been admitted. */
function recorder(budget: ByteBudget) {
  const admitted: string[] = [];
  const leases = new Map<string, BudgetLease>();
  const acquire = (name: string, bytes: number) =>
    budget.acquire(bytes).then((lease) => {
      admitted.push(name);
      leases.set(name, lease);
      return lease;
    });
  const release = async (name: string) => {
    leases.get(name)!.release();
    await settle();
  };
  return { admitted, acquire, release };
}

/** Lets every promise that can resolve now resolve (admissions are promise callbacks). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ByteBudget', () => {
  it('admits at once what fits, and makes the rest wait until enough is released', async () => {
    const budget = new ByteBudget(10);
    const { admitted, acquire, release } = recorder(budget);
    const a = await acquire('a', 4);
    await acquire('b', 6);
    expect(a.waitedMs).toBe(0);
    expect([budget.held, budget.holding, budget.waiting]).toEqual([10, 2, 0]);
    void acquire('c', 3);
    await settle();
    expect(admitted).toEqual(['a', 'b']);
    expect(budget.waiting).toBe(3);
    await release('a');
    expect(admitted).toEqual(['a', 'b', 'c']);
    expect([budget.held, budget.holding, budget.waiting]).toEqual([9, 2, 0]);
  });

  it('admits waiters in arrival order: a small one never overtakes a large one that does not fit yet', async () => {
    const budget = new ByteBudget(10);
    const { admitted, acquire, release } = recorder(budget);
    await acquire('a', 4);
    void acquire('large', 8);
    void acquire('small', 1); // 4 + 1 fits, but the large one came first
    await settle();
    expect(admitted).toEqual(['a']);
    await release('a');
    expect(admitted).toEqual(['a', 'large', 'small']);
    expect(budget.held).toBe(9);
  });

  it('admits several waiters with one release when they all fit, in order', async () => {
    const budget = new ByteBudget(10);
    const { admitted, acquire, release } = recorder(budget);
    await acquire('a', 10);
    for (const name of ['b', 'c', 'd', 'e']) void acquire(name, 3);
    await settle();
    await release('a');
    expect(admitted).toEqual(['a', 'b', 'c', 'd']); // 9 held; e waits for one of them
    await release('c');
    expect(admitted).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('runs a body larger than the whole budget alone: at once when nothing is held, and the others wait for it', async () => {
    const budget = new ByteBudget(10);
    const { admitted, acquire, release } = recorder(budget);
    await acquire('oversize', 25);
    expect([budget.held, budget.holding]).toEqual([25, 1]);
    void acquire('small', 1);
    await settle();
    expect(admitted).toEqual(['oversize']);
    await release('oversize');
    expect(admitted).toEqual(['oversize', 'small']);
  });

  it('makes an oversize body that arrives while others hold wait until they are all done, then alone', async () => {
    const budget = new ByteBudget(10);
    const { admitted, acquire, release } = recorder(budget);
    await acquire('a', 2);
    await acquire('b', 2);
    void acquire('oversize', 25);
    void acquire('c', 1);
    await settle();
    await release('a');
    expect(admitted).toEqual(['a', 'b']);
    await release('b');
    expect(admitted).toEqual(['a', 'b', 'oversize']);
    await release('oversize');
    expect(admitted).toEqual(['a', 'b', 'oversize', 'c']);
  });

  it('reports how long a waiter waited', async () => {
    const budget = new ByteBudget(1);
    const first = await budget.acquire(1);
    const second = budget.acquire(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    first.release();
    expect((await second).waitedMs).toBeGreaterThan(0);
  });

  it('counts a second release of the same lease once', async () => {
    const budget = new ByteBudget(10);
    const { admitted, acquire, release } = recorder(budget);
    const a = await acquire('a', 6);
    await acquire('b', 4);
    a.release();
    a.release();
    expect([budget.held, budget.holding]).toEqual([4, 1]);
    void acquire('c', 7); // would fit only if a's release had counted twice
    await settle();
    expect(admitted).toEqual(['a', 'b']);
    await release('b');
    expect(admitted).toEqual(['a', 'b', 'c']);
  });

  describe('within', () => {
    it('releases when the work fails, rejects or throws before its first await, and lets the next one in', async () => {
      const budget = new ByteBudget(10);
      await expect(budget.within(10, async () => Promise.reject(new Error('merge failed')))).rejects.toThrow('merge failed');
      expect([budget.held, budget.holding]).toEqual([0, 0]);
      await expect(
        budget.within(10, () => {
          throw new Error('parse failed');
        }),
      ).rejects.toThrow('parse failed');
      expect([budget.held, budget.holding]).toEqual([0, 0]);
      expect(await budget.within(10, async (lease) => lease.bytes)).toBe(10);
      expect([budget.held, budget.holding]).toEqual([0, 0]);
    });

    it('holds the bytes while the work runs and hands them to a waiter after a failure', async () => {
      const budget = new ByteBudget(10);
      let fail!: (err: Error) => void;
      const failing = budget.within(8, () => new Promise<never>((_, reject) => (fail = reject)));
      await settle();
      const waiting = budget.within(8, async () => budget.held);
      await settle();
      expect([budget.held, budget.waiting]).toEqual([8, 8]);
      fail(new Error('Redis is down'));
      await expect(failing).rejects.toThrow('Redis is down');
      expect(await waiting).toBe(8);
      expect([budget.held, budget.holding, budget.waiting]).toEqual([0, 0, 0]);
    });
  });

  it('admits an empty body when nothing waits, and refuses sizes and limits that make no sense', async () => {
    const budget = new ByteBudget(1);
    await budget.acquire(1);
    expect((await budget.acquire(0)).bytes).toBe(0);
    await expect(budget.acquire(-1)).rejects.toThrow(RangeError);
    await expect(budget.acquire(NaN)).rejects.toThrow(RangeError);
    expect(() => new ByteBudget(0)).toThrow('a byte budget must be a positive integer, got 0');
    expect(() => new ByteBudget(1.5)).toThrow(RangeError);
  });
});
