{#- The SQL functions the models need that an engine lacks, created before a build (on-run-start).

    DuckDB: none here (icp_host_to_ascii comes from the dbt-duckdb plugin icp_scoring.domains, profiles.yml).
    PostgreSQL: icp_host_to_ascii in PL/Python (the untrusted language plpython3u: Debian's package
    postgresql-plpython3-<version>, and python3-idna for IDNA 2008 as icp_scoring.domains.host_to_ascii; without
    the idna package, Python's own IDNA 2003 codec; creating the language needs a superuser: docs/engines.md),
    and icp_try_cast in PL/pgSQL (PostgreSQL has no cast that gives null instead of an error). -#}
{% macro create_engine_functions() -%}
    {{ return(adapter.dispatch('create_engine_functions')()) }}
{%- endmacro %}

{% macro default__create_engine_functions() -%}
    select 1
{%- endmacro %}

{% macro postgres__create_engine_functions() -%}
    create extension if not exists plpython3u;
    create schema if not exists {{ target.schema }};
    create or replace function {{ target.schema }}.icp_host_to_ascii(host text) returns text
    language plpython3u immutable strict parallel safe as $body$
        # What icp_scoring.domains.host_to_ascii does (the function DuckDB calls), in the server's Python.
        try:
            import idna
        except ImportError:
            idna = None
        try:
            if idna is None:
                unicode_host = host.encode("ascii").decode("idna") if "xn--" in host.lower() else host
                return unicode_host.encode("idna").decode("ascii").lower()
            unicode_host = idna.decode(host) if "xn--" in host.lower() else host
            return idna.encode(unicode_host, uts46=True).decode("ascii")
        except (UnicodeError, ValueError) as error:
            return None
        except Exception as error:
            if idna is not None and isinstance(error, idna.IDNAError):
                return None
            raise
    $body$;
    {#- try_cast: the cast of a text to the type of `target` (a typed null), or null when the cast fails. #}
    create or replace function {{ target.schema }}.icp_try_cast(value text, inout target anyelement)
    language plpgsql immutable parallel unsafe as $body$
    begin
        execute format('select cast(%L as %s)', value, pg_typeof(target)) into target;
    exception when others then
        target := null;
    end
    $body$
{%- endmacro %}
