import pytest
from django.core.exceptions import ValidationError

from apps.organizations.credit_code import check_character, make_credit_code, validate_credit_code_format, validate_tianjin_credit_code
from apps.organizations.models import Organization

BEIJING = ["91110000600037341L", "91110108551385082Q"]  # real, valid, not Tianjin


@pytest.mark.parametrize("code", BEIJING)
def test_real_codes_pass_the_checksum(code):
    validate_credit_code_format(code)
    assert check_character(code[:17]) == code[17]


@pytest.mark.parametrize("code", BEIJING)
def test_valid_non_tianjin_code_refused_naming_article_7(code):
    with pytest.raises(ValidationError) as exc:
        validate_tianjin_credit_code(code)
    assert exc.value.code == "not_tianjin"
    assert "第七条(一)" in exc.value.messages[0]


@pytest.mark.parametrize(
    "code",
    [
        make_credit_code("91", "120116", "47581231"),  # 滨海新区
        make_credit_code("91", "120107", "24258908"),  # 塘沽, a code issued before the merger
        make_credit_code("12", "120000", "40012345"),  # 机构编制 registration
        make_credit_code("N2", "120225", "MA06X7KP"),  # letter first, a former county code
    ],
)
def test_tianjin_codes_pass(code):
    validate_tianjin_credit_code(code)
    validate_tianjin_credit_code(code.lower())  # accepted case-insensitively


def test_wrong_final_check_character_fails():
    good = make_credit_code("91", "120116", "47581231")
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        validate_tianjin_credit_code(bad)
    assert exc.value.code == "checksum"


def test_wrong_organisation_code_check_fails():
    good = make_credit_code("91", "120116", "47581231")
    body = good[:16] + ("0" if good[16] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        validate_tianjin_credit_code(body + check_character(body))
    assert exc.value.code == "org_check"


@pytest.mark.parametrize(
    "code,error",
    [("9112011647581231", "length"), ("91120116475812310IX", "length"), ("9112O11647581231XX", "charset"), ("91ABCDEF475812312X", "division")],
)
def test_malformed_codes(code, error):
    with pytest.raises(ValidationError) as exc:
        validate_credit_code_format(code)
    assert exc.value.code == error


@pytest.mark.django_db
def test_model_validation_refuses_beijing_and_stores_upper_case():
    org = Organization(name="北京公司", credit_code=BEIJING[0], district="binhai", industry="other", contact_name="a", contact_phone="1")
    with pytest.raises(ValidationError) as exc:
        org.full_clean()
    assert "第七条(一)" in exc.value.message_dict["credit_code"][0]
    code = make_credit_code("91", "120116", "47581231")
    org = Organization.objects.create(name="天津公司", credit_code=code.lower(), district="binhai", industry="other", contact_name="a", contact_phone="1")
    assert org.credit_code == code


# Written out literally, so a slip in the check-character arithmetic cannot hide behind
# make_credit_code, which uses the same arithmetic.
@pytest.mark.parametrize(
    "code",
    [
        "9112011647581231XF",  # organisation-code check character X (11 − sum mod 11 = 10)
        "91120116600123450M",  # organisation-code check character 0 (11 − sum mod 11 = 11)
        "911201161000000750",  # final check character 0 (index 31 mod 31)
        "91120116100000497Y",  # final check character Y (index 30)
        "9A12011647581231XK",  # a letter as second character (机构类别) is allowed
    ],
)
def test_literal_tianjin_codes_pass(code):
    validate_tianjin_credit_code(code)


@pytest.mark.parametrize("code", ["91A2011647581231XU", "9112011A47581231X9"])  # both check characters right
def test_letter_in_the_division_code_refused(code):
    with pytest.raises(ValidationError) as exc:
        validate_tianjin_credit_code(code)
    assert exc.value.code == "division"


def test_beijing_refusal_names_its_division_code():
    with pytest.raises(ValidationError) as exc:
        validate_tianjin_credit_code(BEIJING[1])
    assert exc.value.code == "not_tianjin"
    assert exc.value.params == {"div": "110108"}
    assert "110108" in exc.value.messages[0]
