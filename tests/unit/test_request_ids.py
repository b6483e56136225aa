import pytest

from trainer.request_ids import MAX_ROW_ID, row_id


@pytest.mark.parametrize("value", ["1", " 42 ", 7, str(MAX_ROW_ID)])
def test_row_id_accepts_positive_integers_in_range(value):
    assert row_id(value) == int(str(value).strip())


@pytest.mark.parametrize("value", [None, "", "0", "-3", "1e9", "abc", str(MAX_ROW_ID + 1)])
def test_row_id_rejects_everything_else(value):
    with pytest.raises(ValueError):
        row_id(value)
