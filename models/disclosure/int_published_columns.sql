-- The public surface as dbt declares it: one row per column of every model with `access: public` (but
-- those whose meta says `published: false`: the publisher's own inputs, this model among them), and
-- whether the column is withheld where disclosure control withholds the row's estimate (column meta
-- withheld_when_suppressed) and the unit of its values (column meta unit, for the data package of the
-- Parquet export). aibarometer/public.py publishes exactly these tables and columns; nothing is public by
-- being in the marts schema. Read from dbt's graph when the model runs.
{%- set published = [] %}
{%- if execute %}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.access == 'public'
                                          and (node.config.meta or {}).get('published', true) %}
        {%- for name, column in node.columns.items() %}
            {%- do published.append((node.alias or node.name, name, loop.index,
                                     (column.meta or {}).get('withheld_when_suppressed', false),
                                     (column.meta or {}).get('unit'))) %}
        {%- endfor %}
    {%- endfor %}
{%- endif %}
{%- if published %}
    select
        table_name,
        column_name,
        column_position,
        withheld_when_suppressed,
        unit
    from (
        values
        {%- for table, column, position, withheld, unit in published | sort %}
            {%- set unit_sql = "'" ~ unit ~ "'" if unit else 'null' %}
            ('{{ table }}', '{{ column }}', {{ position }}, {{ 'true' if withheld else 'false' }}, {{ unit_sql }})
            {%- if not loop.last %},{% endif %}
        {%- endfor %}
    ) as published (table_name, column_name, column_position, withheld_when_suppressed, unit)  -- noqa: AL05
{%- else %}
    select
        cast(null as string) as table_name,
        cast(null as string) as column_name,
        cast(null as integer) as column_position,
        cast(null as boolean) as withheld_when_suppressed,
        cast(null as string) as unit
    where false
{%- endif %}
