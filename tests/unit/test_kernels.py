"""The compiled Gram and row-mean kernels: Gram entries that do not depend on the rows'
positions (bit for bit, under permutations, for odd and tiny q and d off every block
and vector width), and row means that are numpy's sum over axis 0 divided, bit for bit;
the coordinate-wise kernels give the same bits on any number of threads, and a short call's
threads are cut to the idle cores."""

import numpy as np
import pytest

kernels = pytest.importorskip("avagree.algorithms.kernels")  # needs numba

# d off every width: the 4-wide vectors, the per-thread blocks
WIDTHS = [1, 7, kernels.GRAM_BLOCK - 1, 2 * kernels.GRAM_BLOCK + 517]


def _spread(rng, q, d, dtype):
    """Rows whose sums depend on the order of the additions (magnitudes over many decades)."""
    return (rng.standard_normal((q, d)) * np.exp(3 * rng.standard_normal((q, d)))).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("q", [1, 2, 3, 5, 6, 9])
def test_gram_of_permuted_rows_is_the_permuted_gram(q, dtype):
    rng = np.random.default_rng(q)
    for d in WIDTHS:
        z = _spread(rng, q, d, dtype)
        G = kernels.gram(z)
        wide = z.astype(np.float64)
        assert np.allclose(G, wide @ wide.T, rtol=1e-12, atol=1e-12 * np.abs(G).max())
        for _ in range(4):
            p = rng.permutation(q)
            assert np.array_equal(kernels.gram(np.ascontiguousarray(z[p])), G[np.ix_(p, p)])


@pytest.mark.parametrize("q", [2, 3, 7, 10])
def test_equal_rows_give_equal_entries_in_every_tile_slot(q):
    """Copies of two rows placed at random positions: every entry between copies of a and b
    has the same bits, wherever the tile loop met it (diagonal, edge or clamped slot)."""
    rng = np.random.default_rng(10 + q)
    d = 2 * kernels.GRAM_BLOCK + 13
    base = _spread(rng, 2, d, np.float64)
    label = rng.integers(0, 2, q)
    label[:2] = [0, 1]
    G = kernels.gram(base[label])
    for a in range(2):
        for b in range(2):
            block = G[np.ix_(label == a, label == b)]
            assert (block == block.flat[0]).all()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("q", [1, 2, 3, 5, 9, 12])  # groups of four rows and the rest
def test_mean_rows_is_numpys_sum_divided_bit_for_bit(q, dtype):
    rng = np.random.default_rng(q)
    z = _spread(rng, q, 2 * kernels.ROWS_BLOCK + 7, dtype)
    z[:, 0] = -0.0  # numpy's sum starts from +0.0: +0.0 here
    for rows in (np.arange(q), rng.permutation(q)[: max(1, q - 1)]):
        got, want = kernels.mean_rows(z, rows, 0.0), z[rows].sum(axis=0) / len(rows)
        assert got.dtype == want.dtype and got.tobytes() == want.tobytes()


@pytest.mark.parametrize("q", [1, 2, 6])
def test_mean_of_kept_rows_is_sum_rows_divided_bit_for_bit(q, monkeypatch):
    """MDA's and Multi-Krum's mean of the kept rows, on the kernel and on the numpy path:
    the same bits, the sign of a zero sum included (no start value: -0.0 stays -0.0)."""
    from avagree.algorithms import fast
    from avagree.algorithms.distance import mean_rows, sum_rows

    z = _spread(np.random.default_rng(q), q, kernels.ROWS_BLOCK + 9, np.float64)
    z[:, 3] = -0.0
    rows = np.arange(q)[::-1]
    want = sum_rows(z, rows) / q
    assert np.signbit(want[3])
    got = mean_rows(z, rows)
    monkeypatch.setattr(fast, "AVAILABLE", False)
    assert got.tobytes() == want.tobytes() == mean_rows(z, rows).tobytes()


@pytest.mark.parametrize("running, cores, wanted, threads", [
    (1, 2, 2, 2),  # nothing else running: every core
    (2, 2, 2, 1),  # another task on the second core: one thread
    (5, 2, 2, 1),
    (1, 8, 4, 4),  # never more than numba's count
    (3, 8, 8, 6),
    (1, 2, 1, 1),
])
def test_kernel_threads_are_cut_to_the_idle_cores(running, cores, wanted, threads, tmp_path, monkeypatch):
    from avagree.algorithms import fast

    load = tmp_path / "loadavg"
    load.write_text(f"4.22 4.69 4.43 {running}/107 7515\n")
    monkeypatch.setattr(fast, "LOADAVG", str(load))
    monkeypatch.setattr(fast.os, "sched_getaffinity", lambda pid: set(range(cores)))
    short = fast.LONG_CALL - 1
    assert fast._threads(wanted, short) == threads
    assert fast._threads(wanted, fast.LONG_CALL) == wanted  # a long call waits little for a busy core
    monkeypatch.setattr(fast, "IDLE_CORES_ONLY", False)
    assert fast._threads(wanted, short) == wanted
    monkeypatch.setattr(fast, "IDLE_CORES_ONLY", True)
    monkeypatch.setattr(fast, "LOADAVG", str(tmp_path / "absent"))  # not Linux: numba's count
    assert fast._threads(wanted, short) == wanted


@pytest.mark.parametrize("q", [7, 30, 40])  # register kernels and the tile kernel
def test_coordinatewise_kernels_do_not_depend_on_the_thread_count(q, monkeypatch):
    """Bits equal on one thread and on every thread (columns are split across threads, never
    a column's values), the chosen thread count restored after the call."""
    import numba

    from avagree.algorithms import fast

    monkeypatch.setattr(fast, "IDLE_CORES_ONLY", False)  # every thread, however busy the machine
    z = _spread(np.random.default_rng(q), q, 3 * kernels.REGISTER_BLOCK + 11, np.float64)
    every = numba.get_num_threads()
    for kind in fast.KINDS:
        many = fast.coordinatewise(z, 3, kind)
        numba.set_num_threads(1)
        try:
            one = fast.coordinatewise(z, 3, kind)
        finally:
            numba.set_num_threads(every)
        assert one.tobytes() == many.tobytes()
        assert numba.get_num_threads() == every
