{#- The key free text is matched on against the grid's words (an industry name, a job title): accents folded
    (`Édition` = `edition`), lower case, a dot within a word dropped (`V.P. Sales` = `VP Sales`, `C.E.O` = `CEO`),
    every other run of punctuation or spaces one space, and the joining words `and`, `et` and `&` left out
    (`Food & Beverages` = `Food and Beverages`, `Transport et logistique` = `Transport & Logistique`, `Directeur
    administratif et financier` = `directeur administratif financier`). Applied to both sides. -#}
{% macro text_words_key(expression) -%}
    {%- set without_inner_dots = regexp_replace_all('lower(' ~ without_accents(expression) ~ ')', '\\.(\\S)', '\\1') -%}
    {%- set words = "' ' || " ~ regexp_replace_all(without_inner_dots, '[^a-z0-9]+', ' ') ~ " || ' '" -%}
    {%- set without_joining_words = regexp_replace_all(words, ' (and|et)(?: (and|et))* ', ' ') -%}
    nullif(trim({{ regexp_replace_all(without_joining_words, '\\s+', ' ') }}), '')
{%- endmacro %}
