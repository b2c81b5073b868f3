/**
 * One round of the academy allocation: every participant takes at most one class, every class at
 * most its free places, and the outcome is
 *   1. rank-maximal: as many rank-1 edges as possible, then as many rank-2 edges, and so on;
 *   2. among rank-maximal outcomes, the best for the participants in priority order: the first
 *      participant gets the best rank any rank-maximal outcome can give them, then the second, …
 *
 * Both goals are folded into one weight per edge (a number written in two mixed-radix "digit
 * strings", the rank profile above the priority string) and solved exactly as a maximum-weight
 * b-matching by min-cost flow. The weights are BigInt: with 100 participants the priority string
 * alone needs ~280 bits, past what a double holds exactly, and an inexact weight would silently
 * break the lexicographic order.
 */

export interface RankedEdge {
  /** Position in `priority` (0 = first). */
  participant: number;
  /** Index into the class list. */
  classIndex: number;
  /** 1 = first choice. */
  rank: number;
}

export interface RoundProblem {
  participantCount: number;
  freePlaces: readonly number[];
  edges: readonly RankedEdge[];
}

/** For each participant (by priority position), the chosen edge, or null. */
export function rankMaximalMatching(problem: RoundProblem): (RankedEdge | null)[] {
  const { participantCount, freePlaces, edges } = problem;
  const chosen: (RankedEdge | null)[] = new Array<RankedEdge | null>(participantCount).fill(null);
  if (edges.length === 0) return chosen;

  const worstRank = Math.max(...edges.map((e) => e.rank));
  const weight = edgeWeights(participantCount, worstRank);

  // Nodes: source, participants, classes, sink.
  const source = 0;
  const participantNode = (p: number) => 1 + p;
  const classNode = (c: number) => 1 + participantCount + c;
  const sink = 1 + participantCount + freePlaces.length;
  const graph = new FlowGraph(sink + 1);

  for (let p = 0; p < participantCount; p++) graph.addEdge(source, participantNode(p), 1, 0n);
  const edgeArcs = edges.map((e) =>
    graph.addEdge(participantNode(e.participant), classNode(e.classIndex), 1, -weight(e)),
  );
  freePlaces.forEach((free, c) => {
    if (free > 0) graph.addEdge(classNode(c), sink, free, 0n);
  });

  graph.minCostFlow(source, sink);

  edges.forEach((e, i) => {
    if (graph.flowOn(edgeArcs[i]!) > 0) chosen[e.participant] = e;
  });
  return chosen;
}

/**
 * weight(edge) = profileDigit(rank) · PRIORITY_SPAN + priorityDigit(participant, rank).
 *
 * Profile part: (n+1)^(R−rank). At most n edges share a rank, so the sum over a matching is the
 * rank profile written in base n+1, and comparing sums compares profiles lexicographically.
 * Priority part: (R+1−rank)·(R+2)^(n−1−position), a digit 1..R (0 when unmatched) per participant,
 * most significant first; its sum stays below PRIORITY_SPAN = (R+2)^n, so it only ever breaks ties
 * between equal profiles.
 */
function edgeWeights(n: number, worstRank: number): (e: RankedEdge) => bigint {
  const profileBase = BigInt(n + 1);
  const priorityBase = BigInt(worstRank + 2);
  const prioritySpan = priorityBase ** BigInt(n);
  const profile = Array.from({ length: worstRank + 1 }, (_, rank) =>
    rank === 0 ? 0n : profileBase ** BigInt(worstRank - rank) * prioritySpan,
  );
  const place = Array.from({ length: n }, (_, position) => priorityBase ** BigInt(n - 1 - position));
  return (e) => profile[e.rank]! + BigInt(worstRank + 1 - e.rank) * place[e.participant]!;
}

/** Residual graph with paired arcs (arc i and i^1 are each other's reverse). */
class FlowGraph {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  private readonly capacity: number[] = [];
  private readonly cost: bigint[] = [];
  private readonly originalCapacity: number[] = [];

  constructor(private readonly nodeCount: number) {
    this.head = new Array<number>(nodeCount).fill(-1);
  }

  addEdge(from: number, to: number, capacity: number, cost: bigint): number {
    const arc = this.to.length;
    this.push(from, to, capacity, cost);
    this.push(to, from, 0, -cost);
    return arc;
  }

  flowOn(arc: number): number {
    return this.originalCapacity[arc]! - this.capacity[arc]!;
  }

  /**
   * Successive shortest paths: after k augmentations the flow is the cheapest of value k, and the
   * cost of the next path never decreases, so stopping at the first path that is not negative gives
   * the cheapest flow of any value. The residual graph never holds a negative cycle (the start graph
   * is acyclic, and shortest-path augmentation keeps it so), which Bellman–Ford (queue-based) needs.
   * Every path carries one unit: each participant's source arc has capacity 1.
   */
  minCostFlow(source: number, sink: number): void {
    const distance: (bigint | null)[] = new Array<bigint | null>(this.nodeCount);
    const viaArc = new Array<number>(this.nodeCount);
    const queued = new Array<boolean>(this.nodeCount);
    for (;;) {
      distance.fill(null);
      viaArc.fill(-1);
      queued.fill(false);
      distance[source] = 0n;
      const queue = [source];
      queued[source] = true;
      for (let i = 0; i < queue.length; i++) {
        const u = queue[i]!;
        queued[u] = false;
        const du = distance[u]!;
        for (let arc = this.head[u]!; arc !== -1; arc = this.next[arc]!) {
          if (this.capacity[arc]! <= 0) continue;
          const v = this.to[arc]!;
          const candidate = du + this.cost[arc]!;
          const dv = distance[v];
          if (dv === null || dv === undefined || candidate < dv) {
            distance[v] = candidate;
            viaArc[v] = arc;
            if (!queued[v]) {
              queued[v] = true;
              queue.push(v);
            }
          }
        }
      }
      const total = distance[sink];
      if (total === null || total === undefined || total >= 0n) return;
      for (let v = sink; v !== source;) {
        const arc = viaArc[v]!;
        this.capacity[arc] = this.capacity[arc]! - 1;
        this.capacity[arc ^ 1] = this.capacity[arc ^ 1]! + 1;
        v = this.to[arc ^ 1]!;
      }
    }
  }

  private push(from: number, to: number, capacity: number, cost: bigint): void {
    this.to.push(to);
    this.capacity.push(capacity);
    this.originalCapacity.push(capacity);
    this.cost.push(cost);
    this.next.push(this.head[from]!);
    this.head[from] = this.to.length - 1;
  }
}
