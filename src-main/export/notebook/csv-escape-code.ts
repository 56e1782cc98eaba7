/**
 * The Python side of the app's CSV escaping rule (src-main/engine/util/csv-writer.ts): the notebook reads the
 * CSV files the app wrote (data.csv, predictions.csv, segments.csv...) and undoes the leading ' that the app
 * adds to text a spreadsheet would run as a formula, so values compare equal to the data as read.
 * Kept in step with formulaRisk by csv-escape-code.test.ts, which runs both on the same cells.
 */
export const UNESCAPE_CODE = `
import re

# The app's CSV files give text cells that a spreadsheet would run as a formula one leading ' (model.json says
# so). unescape_cells removes it again, so every value is exactly as the app read it.
_PLAIN_NUMBER = re.compile(r'[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?')
_EXPRESSION = re.compile(r'[^\\W\\d]|[(=+*/^&|!"$@\\[{\\\\]')


def formula_risk(text):
    """True when the app writes this text with a leading ' (a spreadsheet would run it as a formula)."""
    if not text:
        return False
    first = text[0]
    if first in '=@\\t\\r':
        return True
    if first == '+':
        return not _PLAIN_NUMBER.fullmatch(text)
    if first == '-':
        if _PLAIN_NUMBER.fullmatch(text):
            return False
        rest = re.sub(r'^[-\\s]+', '', text)
        return rest != '' and bool(_EXPRESSION.search(rest))
    if first == "'":
        return formula_risk(text[1:])
    return False


def unescape_value(value):
    if isinstance(value, str) and value.startswith("'") and formula_risk(value[1:]):
        return value[1:]
    return value


def unescape_cells(frame):
    """A table read from one of the app's CSV files, with every value (and column name) exactly as the app read it."""
    frame.columns = [unescape_value(c) for c in frame.columns]
    for column in frame.columns:
        if frame[column].dtype == object:
            frame[column] = frame[column].map(unescape_value)
    return frame
`;
