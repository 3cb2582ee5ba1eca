"""Tests for reading uploaded CSV files: what is accepted, and the message for each refusal."""

import io

import numpy as np
import pytest

from engine.csv_io import MAX_BYTES, MAX_ROWS
from engine.datasets import DatasetError, from_csv

SIMPLE = "x1,x2,label\n0,0,0\n10,5,1\n5,10,0\n"


def refused(source, pattern):
    """Assert from_csv refuses the source with a message matching the pattern; return it."""
    with pytest.raises(DatasetError, match=pattern) as caught:
        from_csv(source)
    return str(caught.value)


# --- accepted files -------------------------------------------------------------------------------


def test_header_and_rescaling_to_the_view():
    ds = from_csv(SIMPLE.encode())
    assert ds.task == "binary" and ds.n_classes == 2 and ds.class_names == ("0", "1")
    # each column is mapped from its own min..max onto [-6, 6]
    np.testing.assert_allclose(ds.X, [[-6, -6], [6, 0], [0, 6]])
    np.testing.assert_array_equal(ds.y, [0.0, 1.0, 0.0])
    assert ds.y.dtype == np.float64


def test_without_header_the_first_row_is_data():
    ds = from_csv(b"0,0,0\n10,5,1\n5,10,0\n")
    assert ds.X.shape == (3, 2)
    np.testing.assert_allclose(ds.X, [[-6, -6], [6, 0], [0, 6]])


def test_string_labels_are_sorted_classes():
    ds = from_csv(b"x,y,fruit\n1,2,pear\n2,3,apple\n3,1,pear\n4,4,fig\n")
    assert ds.task == "multiclass" and ds.n_classes == 3
    assert ds.class_names == ("apple", "fig", "pear")
    np.testing.assert_array_equal(ds.y, [2, 0, 2, 1])
    assert ds.y.dtype == np.int64


def test_integer_labels_keep_their_text_and_map_to_0_and_1():
    ds = from_csv(b"1,2,-1\n2,3,1\n3,4,-1\n")  # TensorFlow Playground's own -1/+1 labels
    assert ds.class_names == ("-1", "1")
    np.testing.assert_array_equal(ds.y, [0.0, 1.0, 0.0])


def test_integer_labels_written_as_floats_are_classes():
    ds = from_csv(b"1,2,1.0\n2,3,2.0\n3,4,3.0\n")
    assert ds.task == "multiclass" and ds.class_names == ("1", "2", "3")


def test_utf8_bom_semicolons_crlf_and_decimal_commas():
    ds = from_csv(b"\xef\xbb\xbfx1;x2;label\r\n0,5;1;a\r\n1,5;3;b\r\n")
    assert ds.class_names == ("a", "b")
    np.testing.assert_allclose(ds.X, [[-6, -6], [6, 6]])


def test_tabs_quotes_and_surrounding_whitespace():
    text = 'x1\tx2\tlabel\n  "1" \t 2\t "red, dark"  \n3\t"4"\tblue\n'
    ds = from_csv(text.encode())
    assert ds.class_names == ("blue", "red, dark")
    np.testing.assert_array_equal(ds.y, [1.0, 0.0])


def test_blank_lines_and_empty_trailing_cells_are_ignored():
    ds = from_csv(b"\n1;2;0;;\n\n3;4;1;;\n   \n")
    assert ds.X.shape == (2, 2)


def test_old_mac_line_endings():
    assert from_csv(b"1,2,0\r3,4,1\r").X.shape == (2, 2)


def test_utf16_with_bom():
    ds = from_csv("x1,x2,größe\n1,2,klein\n3,4,groß\n".encode("utf-16"))
    assert ds.class_names == ("groß", "klein")


def test_fractional_labels_make_a_regression_rescaled_to_minus_one_one():
    ds = from_csv(b"x1,x2,height\n0,0,2.5\n1,1,10\n2,2,5\n")
    assert ds.task == "regression" and ds.n_classes == 0 and ds.class_names == ()
    np.testing.assert_allclose(ds.y, [-1.0, 1.0, -1 / 3])


def test_more_than_ten_distinct_integers_are_a_regression_target():
    rows = "\n".join(f"{i},{i % 7},{i * 3}" for i in range(11))
    ds = from_csv(rows.encode())
    assert ds.task == "regression"
    np.testing.assert_allclose(ds.y, np.linspace(-1, 1, 11))


def test_ten_classes_are_allowed():
    rows = "\n".join(f"{i},{i},{i % 10}" for i in range(30))
    ds = from_csv(rows.encode())
    assert ds.task == "multiclass" and ds.n_classes == 10


def test_constant_input_column_goes_to_the_middle():
    ds = from_csv(b"1,7,0\n2,7,1\n")
    np.testing.assert_allclose(ds.X[:, 1], [0.0, 0.0])


def test_extreme_but_finite_values_still_rescale():
    ds = from_csv(b"-1e308,1e-300,0.5\n1e308,2e-300,-1e308\n0,3e-300,1e308\n")
    np.testing.assert_allclose(ds.X, [[-6, -6], [6, 0], [0, 6]], atol=1e-12)
    np.testing.assert_allclose(ds.y, [0.0, -1.0, 1.0], atol=1e-12)


def test_path_text_file_and_binary_file_sources(tmp_path):
    path = tmp_path / "my points.csv"
    path.write_text(SIMPLE)
    from_path = from_csv(path)
    assert from_path.name == "my points"
    np.testing.assert_array_equal(from_csv(str(path)).X, from_path.X)
    np.testing.assert_array_equal(from_csv(io.StringIO(SIMPLE)).X, from_path.X)
    with path.open("rb") as handle:
        np.testing.assert_array_equal(from_csv(handle).X, from_path.X)
    assert from_csv(SIMPLE.encode()).name == "csv"
    assert from_csv(SIMPLE.encode(), name="mine").name == "mine"


def test_a_file_object_already_read_is_read_again_from_the_start():
    upload = io.BytesIO(SIMPLE.encode())
    first = from_csv(upload)
    np.testing.assert_array_equal(from_csv(upload).X, first.X)


def test_exactly_max_rows_with_header_is_accepted():
    rows = "x1,x2,c\n" + "\n".join(f"{i},{i % 13},{i % 2}" for i in range(MAX_ROWS))
    assert from_csv(rows.encode()).X.shape == (MAX_ROWS, 2)


# --- refused files --------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf", b"\r\n"])
def test_empty_file(content):
    refused(content, "empty")


def test_header_without_data():
    refused(b"x1,x2,label\n", "header line but no rows of data")


def test_not_a_number_names_line_and_column():
    # line 4 counts the header and the blank line, as an editor shows them
    refused(b"x1,x2,label\n1,2,0\n\n3,abc,1\n", r"line 4, column 2 \(x2\): 'abc' is not a number")


def test_header_names_appear_in_messages():
    refused(b"width,height,kind\n1,2,a\nwide,2,b\n", r"line 3, column 1 \(width\)")


def test_missing_value():
    refused(b"1,2,0\n,3,1\n", r"line 2, column 1 \(x1\): the value is missing")


def test_missing_label():
    refused(b"1,2,0\n2,3,\n", r"line 2, column 3 \(label\): the label is missing")


@pytest.mark.parametrize("word", ["nan", "NaN", "inf", "-inf", "Infinity", "1e999"])
def test_nan_and_infinity_in_inputs(word):
    refused(f"1,2,0\n3,{word},1\n".encode(), r"line 2, column 2 \(x2\).*not a finite number")


def test_nan_in_the_label_column():
    refused(b"1,2,0.5\n3,4,nan\n", r"line 2, column 3 \(label\).*not a finite number")


def test_one_column():
    message = refused(b"1\n2\n3\n", "line 1 has 1 column; expected 3")
    assert "commas, semicolons or tabs" in message


def test_ten_columns():
    refused(b"1,2,3,4,5,6,7,8,9,10\n", "line 1 has 10 columns; expected 3")


def test_a_short_row_later_in_the_file():
    refused(b"x1,x2,y\n1,2,0\n3,4,1\n5,6\n", "line 4 has 2 columns; expected 3")


def test_too_many_rows():
    rows = "\n".join(f"{i},{i},{i % 2}" for i in range(MAX_ROWS + 1))
    refused(rows.encode(), "5,001 rows of data; at most 5,000")


def test_too_many_rows_is_found_before_parsing_the_values():
    # the first bad value is on line 2, yet the row count is what gets reported
    rows = "1,2,0\n" + "x,y,z\n" * (MAX_ROWS + 5)
    refused(rows.encode(), "5,006 lines; at most 5,000 rows")


def test_too_many_bytes():
    message = refused(b"1,2,0\n" * (MAX_BYTES // 6 + 1), "too large")
    assert "limit is 2 MB" in message


def test_too_many_bytes_from_a_file_object():
    refused(io.BytesIO(b"1" * (MAX_BYTES + 1)), "too large")


def test_a_very_long_line():
    refused(b"1,2," + b"a" * 5000 + b"\n", "line 1 is 5,004 characters long")


def test_one_class_only():
    refused(b"1,2,cat\n3,4,cat\n", r"only one class \('cat'\)")


def test_one_integer_class_only():
    refused(b"1,2,1\n3,4,1\n", "only one class")


def test_constant_regression_target():
    refused(b"1,2,0.5\n3,4,0.5\n", "same value on every line")


def test_more_than_ten_classes():
    rows = "\n".join(f"{i},{i},class{i}" for i in range(11))
    refused(rows.encode(), "11 different labels; at most 10 classes")


def test_a_word_among_numeric_targets_is_pointed_at():
    rows = "\n".join(f"{i},{i},{i / 3}" for i in range(12)) + "\n1,1,n/a\n"
    refused(rows.encode(), "line 13 has 'n/a'")


def test_nul_bytes():
    refused(b"1,2,0\n3,4\x00,1\n", r"line 2: the file contains NUL bytes")


def test_binary_garbage():
    garbage = np.random.default_rng(0).integers(0, 256, 4000, dtype=np.uint8).tobytes()
    refused(garbage, "not a text file|not UTF-8")


def test_zip_or_xlsx_file():
    refused(b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 100, "NUL bytes")


def test_undecodable_text():
    refused("x1,x2,größe\n1,2,a\n".encode("latin-1"), r"line 1: byte 0xf6 is not UTF-8")


def test_control_characters():
    refused(b"1,2,0\n3,4,\x07\n", r"line 2: control character U\+0007")


def test_unclosed_quote():
    refused(b'1,2,0\n3,4,"open\n5,6,1\n', "line 2: a quoted field is not closed")


def test_missing_file(tmp_path):
    refused(tmp_path / "absent.csv", "cannot read")


def test_every_refusal_is_a_value_error():
    with pytest.raises(ValueError):
        from_csv(b"")


def test_unsupported_source_type():
    with pytest.raises(TypeError, match="path, bytes or a file object"):
        from_csv(42)
