"""Worked examples of the grading rule (lms/assessments/grading.py)."""

from decimal import Decimal as D

from lms.assessments.grading import QuestionInput, attempt_grade, question_fraction

# A multiple-choice question in Moodle's style: two right options share the mark, two wrong
# ones take half of it away each.
MULTI = {1: D("0.5"), 2: D("0.5"), 3: D("-0.5"), 4: D("-0.5")}
# A single-choice question whose wrong options cost a third of a mark.
SINGLE = {10: D("1"), 11: D("-0.33333"), 12: D("-0.33333")}


def fraction(chosen, fractions=MULTI, negative=False):
    return question_fraction(fractions=fractions, chosen=chosen, negative_marking=negative)


def test_partial_credit_adds_the_chosen_fractions():
    assert fraction([1]) == D("0.5")
    assert fraction([1, 2]) == D("1")
    assert fraction([1, 2, 3]) == D("0.5")


def test_without_negative_marking_a_question_is_clamped_to_zero_as_moodle_does():
    assert fraction([1, 3, 4]) == D("0")  # 0.5 - 1 = -0.5 → 0
    assert fraction([3]) == D("0")


def test_with_negative_marking_a_question_can_cost_down_to_minus_one():
    assert fraction([1, 3, 4], negative=True) == D("-0.5")
    assert fraction([3, 4], negative=True) == D("-1")
    assert fraction([11], SINGLE, negative=True) == D("-0.33333")


def test_the_fraction_never_passes_one_and_tampered_ids_gain_nothing():
    over = {1: D("1"), 2: D("0.5")}
    assert fraction([1, 2], over) == D("1")
    assert fraction([1, 1, 1], MULTI) == D("0.5")  # repeated: counted once
    assert fraction([999], MULTI) == D("0")  # another question's option
    assert fraction([], MULTI, negative=True) == D("0")  # blank


def test_an_attempt_with_negative_marking_worked_example():
    # 4 questions of 1 mark: right (1), wrong single (-1/3), half of a multi (0.5), blank (0).
    grade = attempt_grade(
        questions=[
            QuestionInput(fractions=SINGLE, chosen=[10]),
            QuestionInput(fractions=SINGLE, chosen=[12]),
            QuestionInput(fractions=MULTI, chosen=[2]),
            QuestionInput(fractions=MULTI, chosen=[]),
        ],
        negative_marking=True,
        pass_mark_percent=D("30"),
    )
    assert grade.question_scores == (D("1"), D("-0.33333"), D("0.5"), D("0"))
    assert grade.score == D("1.16667")
    assert grade.max_score == D("4")
    assert grade.percent == D("29.17")  # 1.16667 / 4 = 29.16675 % → 29.17
    assert grade.passed is False


def test_the_same_attempt_without_negative_marking():
    grade = attempt_grade(
        questions=[
            QuestionInput(fractions=SINGLE, chosen=[10]),
            QuestionInput(fractions=SINGLE, chosen=[12]),
            QuestionInput(fractions=MULTI, chosen=[2]),
            QuestionInput(fractions=MULTI, chosen=[]),
        ],
        negative_marking=False,
        pass_mark_percent=D("30"),
    )
    assert grade.question_scores == (D("1"), D("0"), D("0.5"), D("0"))
    assert grade.percent == D("37.50") and grade.passed


def test_all_wrong_with_negative_marking_totals_zero_not_less():
    grade = attempt_grade(
        questions=[QuestionInput(fractions=SINGLE, chosen=[11]) for _ in range(3)],
        negative_marking=True,
        pass_mark_percent=D("0"),
    )
    assert grade.question_scores == (D("-0.33333"),) * 3
    assert grade.score == D("0") and grade.percent == D("0.00")
    # A pass mark of 0 % is met by anyone who sat a non-empty assessment.
    assert grade.passed is True


def test_marks_weight_questions_and_pass_mark_is_inclusive():
    grade = attempt_grade(
        questions=[
            QuestionInput(fractions=SINGLE, chosen=[10], mark=D("3")),
            QuestionInput(fractions=SINGLE, chosen=[], mark=D("1")),
        ],
        negative_marking=False,
        pass_mark_percent=D("75"),
    )
    assert grade.score == D("3") and grade.percent == D("75.00") and grade.passed


def test_an_assessment_without_questions_is_not_passed():
    grade = attempt_grade(questions=[], negative_marking=False, pass_mark_percent=D("0"))
    assert grade.percent == D("0") and grade.passed is False
