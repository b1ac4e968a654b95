"""compare._token_matrix (Arrow) numbers the tokens exactly as the token-by-token version."""

import numpy as np
import pytest

from dptclean.match.compare import _token_matrix, _token_matrix_py

CASES = [
    ["AGUS SANTOSO", "AGUS  SANTOSO", " SRI  WAHYUNI ", "", "AB", "AB CDE"],
    # other whitespace than a single space, letters outside ASCII
    ["SITI\tAMINAH", "SITI\u00a0AMINAH", "ÉLÈNE MÜLLER", "MÜLLER ÉLÈNE", "A\u3000BCD"],
    # more tokens than the matrix keeps, short tokens in between
    ["ONE TWO THREE FOUR FIVE SIX SEVEN", "AL BIN ABU NUR MUHAMMAD DI ALI HASAN"],
    [],
    ["X", "Y Z"],
    [None, "ABC"],     # not all strings: token by token
    [12345, "ABC"],
]


@pytest.mark.parametrize("values", CASES)
def test_token_matrix_same_as_python(values):
    arr = np.array(values, dtype=object)
    for width in (1, 6):
        fast, slow = _token_matrix(arr, width), _token_matrix_py(arr, width)
        assert fast.shape == slow.shape
        assert (fast == slow).all()
