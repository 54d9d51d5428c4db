from smartro_desk.protocol import hashes
from smartro_desk.protocol.merchants import TEST_MERCHANTS

KEY = TEST_MERCHANTS["SMTPAY001m"].merchant_key
TID = "SMTPAY001m01011708181134147103"


def test_encrypt_data_known_answer() -> None:
    assert hashes.encrypt_data("20200409101500", "SMTPAY001m", 1004, KEY) == (
        "YWE3ODA4OTFjYzFjNzljNmYzMzAwZmU4ZWQzOGQ5Mjg="
    )


def test_sign_value_known_answer() -> None:
    assert hashes.sign_value(TID, "3001", KEY) == "MWU3MzU3ODQ0NDEyYjczMjg2YTIzMjA1Y2M3OGYwNzI="


def test_hash_data_full_known_answer() -> None:
    assert hashes.hash_data(TID, KEY, 1004, "0") == "ZGUyNWFlNjBhNTE2ZmFhMzIxYTE2NmU0MjM3MTllYTg="


def test_hash_data_partial_known_answer() -> None:
    assert hashes.hash_data(TID, KEY, "502", "1") == "MjU5NDU2YWVkMWIyOTJhZjMwMGY2ZDZkYzI4NjEyZTE="


def test_verification_accepts_and_rejects() -> None:
    good = "MWU3MzU3ODQ0NDEyYjczMjg2YTIzMjA1Y2M3OGYwNzI="
    assert hashes.verify_sign_value(TID, "3001", KEY, good)
    assert hashes.verify_sign_value(TID, "3001", KEY, f" {good}\n")
    assert not hashes.verify_sign_value(TID, "3002", KEY, good)
    assert not hashes.verify_sign_value(TID, "3001", KEY + "x", good)
    assert not hashes.verify_sign_value(TID, "3001", KEY, "")
    assert not hashes.verify_sign_value(TID, "3001", KEY, None)
    assert not hashes.verify_sign_value(TID, "3001", KEY, "위조값")
