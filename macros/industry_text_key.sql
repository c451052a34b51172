{#- The key an industry name is matched on: accents folded (`Édition` = `edition`), lower case, every run of
    punctuation or spaces one space, and the joining words `and`, `et` and `&` left out (`Food & Beverages` =
    `Food and Beverages`, `Transport et logistique` = `Transport & Logistique`). Applied to both sides. -#}
{% macro industry_text_key(expression) -%}
    nullif(
        trim(
            regexp_replace(
                regexp_replace(
                    ' ' || regexp_replace(lower(strip_accents({{ expression }})), '[^a-z0-9]+', ' ', 'g') || ' ',
                    ' (and|et)(?: (and|et))* ', ' ', 'g'
                ),
                '\s+', ' ', 'g'
            )
        ),
        ''
    )
{%- endmacro %}
