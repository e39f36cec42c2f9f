-- The public surface as dbt declares it: one row per column of every model with `access: public` (but
-- those whose meta says `published: false`: the publisher's own inputs, this model among them), and
-- whether the column is withheld where disclosure control withholds the row's estimate (column meta
-- withheld_when_suppressed), the unit of its values (column meta unit, for the data package of the
-- Parquet export) and the decimals the exports round it to (column meta decimals: the published
-- precision; the DuckDB tables keep full precision). aibarometer/public.py publishes exactly these tables
-- and columns; nothing is public by being in the marts schema. Read from dbt's graph when the model runs.
{%- set published = [] %}
{%- if execute %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.access == 'public'
                                          and (node.config.meta or {}).get('published', true) %}
        {%- for name, column in node.columns.items() %}
            {%- do published.append((node.alias or node.name, name, loop.index,
                                     (column.meta or {}).get('withheld_when_suppressed', false),
                                     (column.meta or {}).get('unit'),
                                     (column.meta or {}).get('decimals'))) %}
        {%- endfor %}
    {%- endfor %}
{%- endif %}
{%- if published %}
    select
        table_name,
        column_name,
        column_position,
        withheld_when_suppressed,
        unit,
        decimals
    from (
        values
        {%- for table, column, position, withheld, unit, decimals in published | sort %}
            {%- set unit_sql = "'" ~ unit ~ "'" if unit else 'cast(null as string)' %}
            {%- set decimals_sql = decimals | int if decimals is not none else 'cast(null as integer)' %}
            {%- set withheld_sql = 'true' if withheld else 'false' %}
            ('{{ table }}', '{{ column }}', {{ position }}, {{ withheld_sql }}, {{ unit_sql }}, {{ decimals_sql }})
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ) as published (table_name, column_name, column_position, withheld_when_suppressed, unit, decimals)  -- noqa: AL05
{%- else %}
    select
        cast(null as string) as table_name,
        cast(null as string) as column_name,
        cast(null as integer) as column_position,
        cast(null as boolean) as withheld_when_suppressed,
        cast(null as string) as unit,
        cast(null as integer) as decimals
    where false
{%- endif %}
