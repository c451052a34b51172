{#- The parts of an industry code written in free text, from the upper-cased, trimmed raw value:
    part='code' gives the code as written (`62.01Z`, `6201Z`, `62.01`, `62.01.00`, `7372`, `541511`), part='system'
    the system a word before it names (`NAF`, `APE`, `NACE` -> nace; `SIC` -> sic; `NAICS` -> naics). A code is
    read when it is the whole value (`NAF 62.01Z`, `SIC: 7372`), when a dash or colon and a word follow it
    (`7372 - Prepackaged Software`, `62.01Z : Programmation`), when a dotted or lettered code is followed by text
    (`62.01Z Programmation informatique`), or when it closes the value in brackets (`Programmation (6201Z)`);
    digits inside other text are never read as a code. Empty string when there is none. -#}
{% macro industry_code_parts(expression, part) -%}
    {%- set system_word = "(?:CODE\\s+)?(?:(NAF|APE|NACE|SIC|NAICS)(?:\\s*R[EÉ]V\\.?\\s*2)?(?:\\s*(?:2022|2017|2008|1987))?(?:\\s*CODE)?\\s*[:#]?\\s*)?" -%}
    {%- set any_code = "(\\d{2}\\.\\d{1,2}(?:\\.\\d{1,2})?[A-Z]?|\\d{4}[A-Z]|\\d{2,6})" -%}
    {%- set structured_code = "(\\d{2}\\.\\d{1,2}(?:\\.\\d{1,2})?[A-Z]?|\\d{4}[A-Z])" -%}
    {%- set group = 2 if part == 'code' else 1 -%}
    coalesce(
        nullif({{ regexp_group(expression, '^' ~ system_word ~ any_code ~ '$', group) }}, ''),
        nullif({{ regexp_group(expression, '^' ~ system_word ~ any_code ~ '\\s*[-–—:]\\s*[^\\s\\d].*$', group) }}, ''),
        nullif({{ regexp_group(expression, '^' ~ system_word ~ structured_code ~ '\\s+[^\\s\\d].*$', group) }}, ''),
        nullif({{ regexp_group(
            expression, '^[^(]*[^\\s(]\\s*\\(\\s*' ~ system_word ~ any_code ~ '\\s*\\)$', group
        ) }}, ''),
        ''
    )
{%- endmacro %}
