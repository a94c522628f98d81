//! Clustering days into typical days: Ward's hierarchical clustering (the `kodama` crate) or
//! k-medoids, each cluster represented by its medoid day (Kotzur et al. 2018; tsam's default
//! is hierarchical with medoids).
//!
//! k-medoids is written here: the one crate for it (`kmedoids`) is GPL and cannot be linked
//! into this MIT project. It is the alternating method (assign each day to its nearest
//! medoid, move each medoid to its cluster's medoid) from a greedy BUILD start, which makes it
//! deterministic.

use kodama::{linkage, Method};

/// A partition of the days into clusters, each with its medoid day.
#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    /// Cluster of each observation (0-based, in order of first appearance).
    pub assignment: Vec<usize>,
    /// Medoid of each cluster (an observation index).
    pub medoids: Vec<usize>,
}

/// Euclidean distance between two feature vectors.
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// The full matrix of pairwise distances.
fn distances(points: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = points.len();
    let mut d = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in i + 1..n {
            let v = distance(&points[i], &points[j]);
            d[i][j] = v;
            d[j][i] = v;
        }
    }
    d
}

/// Renumbers cluster labels in order of first appearance, so that results do not depend on
/// the clustering's internal labels.
fn renumber(labels: &[usize]) -> Vec<usize> {
    let mut map: Vec<Option<usize>> = vec![None; labels.iter().max().map_or(0, |m| m + 1)];
    let mut next = 0;
    labels
        .iter()
        .map(|l| {
            *map[*l].get_or_insert_with(|| {
                next += 1;
                next - 1
            })
        })
        .collect()
}

/// Medoid of each cluster: the member with the least sum of distances to the other members
/// (ties to the earliest).
fn medoids(assignment: &[usize], k: usize, d: &[Vec<f64>]) -> Vec<usize> {
    (0..k)
        .map(|c| {
            let members: Vec<usize> = (0..assignment.len())
                .filter(|i| assignment[*i] == c)
                .collect();
            let cost = |i: usize| members.iter().map(|j| d[i][*j]).sum::<f64>();
            *members
                .iter()
                .min_by(|a, b| cost(**a).total_cmp(&cost(**b)).then(a.cmp(b)))
                .expect("every cluster has a member")
        })
        .collect()
}

/// Ward's hierarchical clustering of `points` into `k` clusters (1 ≤ k ≤ points.len()),
/// with medoids.
pub fn hierarchical(points: &[Vec<f64>], k: usize) -> Clusters {
    let n = points.len();
    let d = distances(points);
    if k >= n {
        return Clusters {
            assignment: (0..n).collect(),
            medoids: (0..n).collect(),
        };
    }
    let mut condensed: Vec<f64> = d
        .iter()
        .enumerate()
        .flat_map(|(i, row)| row[i + 1..].iter().copied())
        .collect();
    let dendrogram = linkage(&mut condensed, n, Method::Ward);
    // Apply the first n − k merges with union-find over the dendrogram's labels (step i
    // creates cluster n + i).
    let mut parent: Vec<usize> = (0..2 * n - 1).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for (i, step) in dendrogram.steps().iter().take(n - k).enumerate() {
        let new = n + i;
        let (a, b) = (
            root(&mut parent, step.cluster1),
            root(&mut parent, step.cluster2),
        );
        parent[a] = new;
        parent[b] = new;
    }
    let labels: Vec<usize> = (0..n).map(|i| root(&mut parent, i)).collect();
    let assignment = renumber(&labels);
    let medoids = medoids(&assignment, k, &d);
    Clusters {
        assignment,
        medoids,
    }
}

/// k-medoids of `points` into `k` clusters (1 ≤ k ≤ points.len()): greedy BUILD start
/// (Kaufman & Rousseeuw 1990), then alternating assignment and medoid updates until no
/// medoid moves (at most 100 rounds).
pub fn kmedoids(points: &[Vec<f64>], k: usize) -> Clusters {
    let n = points.len();
    let d = distances(points);
    if k >= n {
        return Clusters {
            assignment: (0..n).collect(),
            medoids: (0..n).collect(),
        };
    }
    // BUILD: the most central point first, then each next medoid the one that lowers the
    // total distance to the nearest medoid the most.
    let total = |c: usize| (0..n).map(|i| d[i][c]).sum::<f64>();
    let first = (0..n)
        .min_by(|a, b| total(*a).total_cmp(&total(*b)).then(a.cmp(b)))
        .expect("n ≥ 1");
    let mut chosen = vec![first];
    let mut nearest: Vec<f64> = (0..n).map(|i| d[i][first]).collect();
    while chosen.len() < k {
        let gain = |c: usize| (0..n).map(|i| (nearest[i] - d[i][c]).max(0.0)).sum::<f64>();
        let best = (0..n)
            .filter(|c| !chosen.contains(c))
            .max_by(|a, b| gain(*a).total_cmp(&gain(*b)).then(b.cmp(a)))
            .expect("k < n leaves a candidate");
        chosen.push(best);
        for i in 0..n {
            nearest[i] = nearest[i].min(d[i][best]);
        }
    }
    let mut meds = chosen;
    let mut assignment = vec![0; n];
    for _ in 0..100 {
        // Each medoid stays in its own cluster, so that none is left empty where days repeat
        // (a medoid's twin would otherwise go to the earlier of the two clusters); medoids are
        // distinct, and each update picks a member of its own cluster, so they stay so.
        for i in 0..n {
            assignment[i] = meds.iter().position(|m| *m == i).unwrap_or_else(|| {
                (0..k)
                    .min_by(|a, b| d[i][meds[*a]].total_cmp(&d[i][meds[*b]]).then(a.cmp(b)))
                    .expect("k ≥ 1")
            });
        }
        let new = medoids(&assignment, k, &d);
        if new == meds {
            break;
        }
        meds = new;
    }
    // Labels in order of first appearance, medoids reordered to match.
    let relabelled = renumber(&assignment);
    let mut ordered = vec![0; k];
    for (old, new) in assignment.iter().zip(&relabelled) {
        ordered[*new] = meds[*old];
    }
    Clusters {
        assignment: relabelled,
        medoids: ordered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Three tight groups of days on a line: any sound method finds them, with the middle
    /// point of each as its medoid.
    fn groups() -> Vec<Vec<f64>> {
        [0.0, 0.1, 0.2, 5.0, 5.1, 5.2, 10.0, 10.1, 10.2]
            .iter()
            .map(|x| vec![*x, 0.0])
            .collect()
    }

    #[test]
    fn both_methods_find_three_groups_and_their_medoids() {
        for clusters in [hierarchical(&groups(), 3), kmedoids(&groups(), 3)] {
            assert_eq!(clusters.assignment, vec![0, 0, 0, 1, 1, 1, 2, 2, 2]);
            assert_eq!(clusters.medoids, vec![1, 4, 7]);
        }
    }

    /// Days that repeat (a flat load, a constant price): fewer distinct days than clusters.
    /// Every cluster keeps a member (its medoid); before, k-medoids sent a medoid's twin
    /// to the earlier cluster and left one empty, and panicked.
    #[test]
    fn repeated_days_leave_no_cluster_empty() {
        let points: Vec<Vec<f64>> = [0.0, 0.0, 0.0, 0.0, 1.0, 1.0]
            .iter()
            .map(|x| vec![*x])
            .collect();
        for clusters in [hierarchical(&points, 4), kmedoids(&points, 4)] {
            for c in 0..4 {
                assert!(clusters.assignment.contains(&c), "{clusters:?}");
                assert_eq!(clusters.assignment[clusters.medoids[c]], c, "{clusters:?}");
            }
        }
    }

    #[test]
    fn as_many_clusters_as_points_keeps_every_point() {
        let c = hierarchical(&groups(), 9);
        assert_eq!(c.medoids, (0..9).collect::<Vec<_>>());
        let c = kmedoids(&groups(), 1);
        assert_eq!(c.assignment, vec![0; 9]);
        assert_eq!(c.medoids, vec![4]);
    }
}
