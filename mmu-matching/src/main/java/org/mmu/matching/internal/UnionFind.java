package org.mmu.matching.internal;

/** Disjoint sets over {@code 0..n-1} in one {@code int[]} (path halving, union by smaller root). */
public final class UnionFind {
    private final int[] parent;

    public UnionFind(int n) {
        parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
    }

    public int find(int x) {
        int[] p = parent;
        while (p[x] != x) {
            p[x] = p[p[x]];
            x = p[x];
        }
        return x;
    }

    /** Joins the sets of a and b; the smaller root stays root (any fixed rule would do). */
    /**
     * Numbers the components of the given nodes, from 0 in order of first appearance:
     * {@code [groupId, groupSize]}, where row {@code i} is node {@code nodeOfRow[i]} and a group's
     * size is the number of rows in it.
     */
    public int[][] groupsOf(int[] nodeOfRow) {
        int n = nodeOfRow.length;
        int[] idOfRoot = new int[parent.length];
        java.util.Arrays.fill(idOfRoot, -1);
        int[] groupId = new int[n];
        int next = 0;
        for (int i = 0; i < n; i++) {
            int root = find(nodeOfRow[i]);
            if (idOfRoot[root] < 0) {
                idOfRoot[root] = next++;
            }
            groupId[i] = idOfRoot[root];
        }
        int[] count = new int[next];
        for (int g : groupId) {
            count[g]++;
        }
        int[] groupSize = new int[n];
        for (int i = 0; i < n; i++) {
            groupSize[i] = count[groupId[i]];
        }
        return new int[][] {groupId, groupSize};
    }

    public void union(int a, int b) {
        int ra = find(a);
        int rb = find(b);
        if (ra < rb) {
            parent[rb] = ra;
        } else if (rb < ra) {
            parent[ra] = rb;
        }
    }
}
