import numpy as np

from dptclean.match.cluster import connected_components, constrained_groups


def test_connected_components_labels_by_smallest_member():
    labels = connected_components(7, np.array([0, 2, 5, 3]), np.array([1, 3, 6, 4]))
    assert labels.tolist() == [0, 0, 2, 2, 2, 5, 5]


def test_long_chain_is_split_where_a_cannot_link_forbids():
    # A~B and B~C are linked, but A and C are clearly two people (strong negative evidence)
    links = {(1, 2): 12.0, (2, 3): 10.0}
    evidence = {(1, 2): 30.0, (2, 3): 28.0, (1, 3): -25.0}
    groups = constrained_groups([1, 2, 3], links, evidence, min_link=-10.0)
    assert groups == [[1, 2]]


def test_chain_without_conflict_stays_one_group():
    links = {(1, 2): 12.0, (2, 3): 10.0}
    evidence = {(1, 2): 30.0, (2, 3): 28.0, (1, 3): 5.0}
    assert constrained_groups([1, 2, 3], links, evidence, min_link=-10.0) == [[1, 2, 3]]
