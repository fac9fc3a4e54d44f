import type { ColumnType, Generated } from 'kysely'
import type { ProductStatus } from './domain/product.js'

export type { ProductStatus }

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** JSON columns with a default: read as the value, written as JSON text, optional on insert. */
type Json<T> = ColumnType<T, string | undefined, string>

export interface CatalogTables {
  categories: {
    id: string
    tenant_id: string
    parent_id: string | null
    name: string
    icon_url: string | null
    sort: Generated<number>
    created_at: Timestamp
  }
  products: {
    id: string
    tenant_id: string
    merchant_id: string | null
    category_id: string | null
    title: string
    subtitle: Generated<string>
    description: Generated<string>
    /** Image URLs, first is the cover. */
    images: Json<string[]>
    /** Spec names in display order, e.g. ["颜色", "尺码"]. */
    spec_names: Json<string[]>
    status: Generated<ProductStatus>
    /** Whether the 7-day no-reason return applies. */
    returnable_7d: Generated<boolean>
    /** Lowest active SKU price, kept by the catalog service for listings. */
    price_from_fen: Generated<number>
    created_at: Timestamp
    updated_at: Timestamp
  }
  skus: {
    id: string
    tenant_id: string
    product_id: string
    /** Spec name → value, e.g. {"颜色": "红", "尺码": "M"}. */
    spec: Json<Record<string, string>>
    code: string | null
    price_fen: number
    list_price_fen: number | null
    image_url: string | null
    status: Generated<'active' | 'disabled'>
    /** Display order within the product. */
    position: Generated<number>
    created_at: Timestamp
  }
  images: {
    id: string
    tenant_id: string
    url: string
    content_type: string
    bytes: number
    width: number | null
    height: number | null
    created_at: Timestamp
  }
}
