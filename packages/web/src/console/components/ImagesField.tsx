import { DeleteOutlined, LoadingOutlined, PlusOutlined, StarOutlined } from '@ant-design/icons'
import { App, Upload } from 'antd'
import { useRef, useState } from 'react'
import { api } from '../api'
import { useI18n } from '../i18n'

const MAX = 9

/** Image URLs as a form value: upload to `/console/images`, remove, make one the cover. */
export function ImagesField({
  value = [],
  onChange,
}: {
  value?: string[]
  onChange?: (v: string[]) => void
}) {
  const { t } = useI18n()
  const { message } = App.useApp()
  const [uploading, setUploading] = useState(0)
  // Several uploads finish one after another; each appends to the list as it is by then.
  const current = useRef(value)
  current.current = value
  const set = (v: string[]) => onChange?.(v)

  return (
    <div className="images-field">
      {value.map((url, i) => (
        <div className="images-item" key={url}>
          <img src={url} alt="" />
          {i === 0 ? <span className="images-cover">{t('product.cover')}</span> : null}
          <div className="images-actions">
            {i > 0 ? (
              <StarOutlined
                title={t('product.setCover')}
                onClick={() => set([url, ...value.filter((u) => u !== url)])}
              />
            ) : null}
            <DeleteOutlined title={t('common.delete')} onClick={() => set(value.filter((u) => u !== url))} />
          </div>
        </div>
      ))}
      {value.length + uploading < MAX ? (
        <Upload
          accept="image/png,image/jpeg,image/webp,image/gif"
          multiple
          showUploadList={false}
          customRequest={async ({ file, onSuccess, onError }) => {
            setUploading((n) => n + 1)
            try {
              const img = await api.uploadImage(file as Blob)
              onChange?.([...current.current, img.url])
              onSuccess?.(img)
            } catch (err) {
              message.error((err as Error).message)
              onError?.(err as Error)
            } finally {
              setUploading((n) => n - 1)
            }
          }}
        >
          <div className="images-add" data-testid="image-upload">
            {uploading ? <LoadingOutlined /> : <PlusOutlined />}
            <span>{t('product.upload')}</span>
          </div>
        </Upload>
      ) : null}
    </div>
  )
}
